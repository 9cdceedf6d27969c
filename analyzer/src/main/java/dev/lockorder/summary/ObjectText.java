package dev.lockorder.summary;

import dev.lockorder.ir.Val;

/**
 * How a locked object was reached, in the terms of the method a witness starts in: {@code
 * this.sysSession}, {@code param2} (its second parameter), {@code Registry.INSTANCE.lookup()}. A lock class named by
 * a class ({@code Session}) stands for every object of it; this says which one each edge took, so
 * that a reader can tell a system session from the user's at a glance.
 */
final class ObjectText {
  private ObjectText() {}

  static String of(Val v, boolean hasThis) {
    if (v instanceof Val.Param p) {
      if (p.index() == 0 && hasThis) {
        return "this";
      }
      return "param" + (hasThis ? p.index() : p.index() + 1);
    }
    if (v instanceof Val.Field f && Captures.is(f)) {
      return "what the lambda " + base(f.base(), hasThis) + " captured";
    }
    if (v instanceof Val.Field f) {
      return base(f.base(), hasThis) + "." + f.name();
    }
    if (v instanceof Val.Static s) {
      return LockNamer.simple(s.owner()) + "." + s.name();
    }
    if (v instanceof Val.Call c) {
      String m = c.method().name() + "()";
      boolean isStatic = FlowValues.isStatic(c) || c.args().isEmpty();
      return isStatic ? LockNamer.simple(c.method().owner()) + "." + m : base(c.args().get(0), hasThis) + "." + m;
    }
    if (v instanceof Val.Elem e) {
      return base(e.array(), hasThis) + "[…]";
    }
    if (v instanceof Val.New n) {
      return "new " + LockNamer.simple(n.type()) + "(…)";
    }
    if (v instanceof Val.Returned r) {
      return "the " + LockNamer.simple(r.type()) + " a call returned";
    }
    return "a " + LockNamer.simple(v.type()) + " from elsewhere";
  }

  /** A value that a path goes on from: in parentheses when it is a phrase. */
  private static String base(Val v, boolean hasThis) {
    String s = of(v, hasThis);
    return s.indexOf(' ') >= 0 ? "(" + s + ")" : s;
  }
}
