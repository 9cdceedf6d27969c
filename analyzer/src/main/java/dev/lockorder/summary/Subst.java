package dev.lockorder.summary;

import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;

/** Rewrites a callee's paths into the caller's terms by replacing parameters with arguments. */
final class Subst {
  private Subst() {}

  static Val apply(Val v, List<Val> args) {
    return Val.truncate(rewrite(v, args), Val.MAX_DEPTH);
  }

  /** The rewritten path whole, before it is cut to the depth limit. */
  static Val rewrite(Val v, List<Val> args) {
    if (v instanceof Val.Param p) {
      return p.index() < args.size() ? args.get(p.index()) : new Val.Unknown(p.type());
    } else if (v instanceof Val.Field f) {
      return new Val.Field(rewrite(f.base(), args), f.owner(), f.name(), f.type());
    } else if (v instanceof Val.Elem e) {
      return new Val.Elem(rewrite(e.array(), args), e.type());
    } else if (v instanceof Val.Call c) {
      List<Val> a = new ArrayList<>(c.args().size());
      for (Val x : c.args()) {
        a.add(rewrite(x, args));
      }
      return new Val.Call(c.method(), a, c.type(), c.site());
    } else if (v instanceof Val.Lambda l) {
      List<Val> a = new ArrayList<>(l.captures().size());
      for (Val x : l.captures()) {
        a.add(rewrite(x, args));
      }
      return new Val.Lambda(l.impl(), l.implTag(), l.sam(), a, l.type());
    }
    return v;
  }

  /** Whether the value mentions a parameter anywhere. */
  static boolean hasParam(Val v) {
    if (v instanceof Val.Param) {
      return true;
    } else if (v instanceof Val.Field f) {
      return hasParam(f.base());
    } else if (v instanceof Val.Elem e) {
      return hasParam(e.array());
    } else if (v instanceof Val.Call c) {
      return c.args().stream().anyMatch(Subst::hasParam);
    } else if (v instanceof Val.Lambda l) {
      return l.captures().stream().anyMatch(Subst::hasParam);
    }
    return false;
  }

  /** Replaces every parameter by an unknown of its type: what a root method knows of its inputs. */
  static Val forget(Val v) {
    return apply(v, List.of());
  }
}
