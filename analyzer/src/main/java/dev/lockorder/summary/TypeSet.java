package dev.lockorder.summary;

import java.util.Arrays;

/**
 * A small set of type ids (allocation sites, classes and lambdas, numbered by {@link TypeFlow}), or
 * {@link #ANY}: "any object of the declared type". A set that grows past {@link #MAX} becomes
 * {@code ANY}, since a call site reached from that many places is no better off with the list than
 * with the hierarchy.
 */
final class TypeSet {
  static final int MAX = 128;
  static final TypeSet EMPTY = new TypeSet(new int[0]);
  static final TypeSet ANY = new TypeSet(null);

  private final int[] ids; // sorted; null for ANY

  private TypeSet(int[] ids) {
    this.ids = ids;
  }

  static TypeSet of(int id) {
    return new TypeSet(new int[] {id});
  }

  boolean isAny() {
    return ids == null;
  }

  boolean isEmpty() {
    return ids != null && ids.length == 0;
  }

  int[] ids() {
    return ids;
  }

  /** The union; {@code this} itself when nothing is added, so callers can tell growth by identity. */
  TypeSet union(TypeSet o) {
    if (ids == null || o.ids == null) {
      return ids == null ? this : ANY;
    }
    if (o.ids.length == 0) {
      return this;
    }
    int[] out = new int[ids.length + o.ids.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < ids.length || j < o.ids.length) {
      int x = i < ids.length ? ids[i] : Integer.MAX_VALUE;
      int y = j < o.ids.length ? o.ids[j] : Integer.MAX_VALUE;
      if (x == y) {
        out[n++] = x;
        i++;
        j++;
      } else if (x < y) {
        out[n++] = x;
        i++;
      } else {
        out[n++] = y;
        j++;
      }
    }
    if (n == ids.length) {
      return this;
    }
    return n > MAX ? ANY : new TypeSet(Arrays.copyOf(out, n));
  }

  /** The ids {@code keep} accepts; {@code ANY} stays {@code ANY} (which objects it stands for is unknown). */
  TypeSet filter(java.util.function.IntPredicate keep) {
    if (ids == null) {
      return this;
    }
    int[] out = new int[ids.length];
    int n = 0;
    for (int id : ids) {
      if (keep.test(id)) {
        out[n++] = id;
      }
    }
    return n == ids.length ? this : n == 0 ? EMPTY : new TypeSet(Arrays.copyOf(out, n));
  }
}
