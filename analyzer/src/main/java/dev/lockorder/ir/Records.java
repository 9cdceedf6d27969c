package dev.lockorder.ir;

import java.util.Objects;

/** A record's hash of its components, for value classes that keep theirs (so map order stays a record's). */
final class Records {
  private Records() {}

  // Fixed arities, not one variable-arity method: that made an array per value built (method
  // references, field and call paths: half a gigabyte on the spark-core closure).
  static int hash(Object a, Object b, Object c) {
    return 31 * (31 * Objects.hashCode(a) + Objects.hashCode(b)) + Objects.hashCode(c);
  }

  static int hash(Object a, Object b, Object c, Object d) {
    return 31 * hash(a, b, c) + Objects.hashCode(d);
  }
}
