package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.Val;

/**
 * Two monitors named by two types of one hierarchy ({@code this} in a subclass's synchronized
 * method and in its superclass's, or a class and an interface it implements) where the path to one
 * of the objects was lost: they may be one object, re-entered, and are treated as two objects of
 * one class are (no edge). undertow's HTTP/2 channel flushing itself through a task handed to a
 * helper. Known paths to both objects keep the edge: they may well be two objects.
 */
final class OneHierarchy {
  private OneHierarchy() {}

  static boolean maybeOneObject(Program program, LockClass a, Val av, LockClass b, Val bv) {
    String x = a.monitoredType();
    String y = b.monitoredType();
    return x != null && y != null && !x.equals(y) && (lost(av) || lost(bv))
        && (program.isSubtype(x, y) || program.isSubtype(y, x));
  }

  /** Whether a path starts at a value whose origin was lost. */
  private static boolean lost(Val v) {
    while (true) {
      if (v instanceof Val.Field f) {
        if (f.base() instanceof Val.Lambda) {
          return true; // a lambda has no fields: the path of a target the hierarchy guessed
        }
        v = f.base();
      } else if (v instanceof Val.Elem e) {
        v = e.array();
      } else if (v instanceof Val.Call c && !c.args().isEmpty() && !FlowValues.isStatic(c)) {
        v = c.args().get(0);
      } else {
        return v instanceof Val.Unknown;
      }
    }
  }
}
