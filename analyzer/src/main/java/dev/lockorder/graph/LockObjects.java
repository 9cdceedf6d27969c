package dev.lockorder.graph;

import java.util.List;

/**
 * The objects a lock named by its type may be, as the type flow sees them: allocation sites,
 * written {@code Type@site}, and whole classes, written {@code Type@} (an object of that class
 * from anywhere: a receiver whose callers the inputs do not show). Two lists may name one object
 * when they share an entry, or one names a whole class and the other a site of that class. Null
 * stands for "any object": it meets everything.
 */
public final class LockObjects {
  private LockObjects() {}

  /** Whether some object is in both lists. */
  public static boolean meet(List<String> a, List<String> b) {
    if (a == null || b == null) {
      return true;
    }
    for (String x : a) {
      for (String y : b) {
        if (x.equals(y) || x.endsWith("@") && y.startsWith(x) || y.endsWith("@") && x.startsWith(y)) {
          return true;
        }
      }
    }
    return false;
  }
}
