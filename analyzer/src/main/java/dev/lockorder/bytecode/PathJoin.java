package dev.lockorder.bytecode;

import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The least common path of two values meeting at a join of the bytecode: equal parts are kept and
 * the first difference becomes {@link Val.Unknown}, so {@code a.h.lock} and {@code b.h.lock} join to
 * {@code ?.h.lock}, which still names the lock. A lattice join: the dataflow converges.
 */
final class PathJoin {
  private PathJoin() {}

  static Val of(Val a, Val b) {
    if (a.equals(b)) {
      return a;
    }
    if (a instanceof Val.Field x && b instanceof Val.Field y && x.owner().equals(y.owner()) && x.name().equals(y.name())) {
      return new Val.Field(of(x.base(), y.base()), x.owner(), x.name(), x.type());
    }
    if (a instanceof Val.Elem x && b instanceof Val.Elem y) {
      return new Val.Elem(of(x.array(), y.array()), x.type());
    }
    if (a instanceof Val.Call x && b instanceof Val.Call y && x.method().equals(y.method())
        && x.args().size() == y.args().size()) {
      List<Val> args = new ArrayList<>();
      for (int i = 0; i < x.args().size(); i++) {
        args.add(of(x.args().get(i), y.args().get(i)));
      }
      return new Val.Call(x.method(), args, x.type(), Objects.equals(x.site(), y.site()) ? x.site() : null);
    }
    if (a instanceof Val.Lambda x && b instanceof Val.Lambda y && x.impl().equals(y.impl())
        && x.captures().size() == y.captures().size()) {
      List<Val> caps = new ArrayList<>();
      for (int i = 0; i < x.captures().size(); i++) {
        caps.add(of(x.captures().get(i), y.captures().get(i)));
      }
      return new Val.Lambda(x.impl(), x.implTag(), x.sam(), caps, x.type());
    }
    return new Val.Unknown(a.type().equals(b.type()) ? a.type() : "java/lang/Object");
  }
}
