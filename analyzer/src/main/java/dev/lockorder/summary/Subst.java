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

  /**
   * The rewritten path whole, before it is cut to the depth limit. A part without parameters is
   * returned as it is, not rebuilt: most of a callee's paths hang off statics and allocations, and
   * every call site substitutes them again.
   */
  static Val rewrite(Val v, List<Val> args) {
    if (v instanceof Val.Param p) {
      return p.index() < args.size() ? args.get(p.index()) : new Val.Unknown(p.type());
    } else if (v instanceof Val.Field f) {
      Val base = rewrite(f.base(), args);
      return base == f.base() ? f : new Val.Field(base, f.owner(), f.name(), f.type());
    } else if (v instanceof Val.Elem e) {
      Val array = rewrite(e.array(), args);
      return array == e.array() ? e : new Val.Elem(array, e.type());
    } else if (v instanceof Val.Call || v instanceof Val.Lambda) {
      // One loop for both, calling only itself: the compiler then inlines one recursive method.
      List<Val> vs = v instanceof Val.Call c ? c.args() : ((Val.Lambda) v).captures();
      List<Val> out = null;
      for (int i = 0; i < vs.size(); i++) {
        Val x = vs.get(i);
        Val r = rewrite(x, args);
        if (r != x && out == null) {
          out = new ArrayList<>(vs.size());
          out.addAll(vs.subList(0, i));
        }
        if (out != null) {
          out.add(r);
        }
      }
      if (out == null) {
        return v;
      }
      if (v instanceof Val.Call c) {
        return new Val.Call(c.method(), out, c.type(), c.site());
      }
      Val.Lambda l = (Val.Lambda) v;
      return new Val.Lambda(l.impl(), l.implTag(), l.sam(), out, l.type());
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
