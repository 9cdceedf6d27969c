package dev.lockorder.summary;

import dev.lockorder.ir.MethodRef;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;

/**
 * An immutable set of methods in name order, kept as one sorted array: the call graph holds two of
 * them per method (callees and callers), and on a 60,000-class closure tree and hash sets of a few
 * entries each were hundreds of megabytes of small objects for the collector to walk.
 */
final class MethodSet extends AbstractSet<MethodRef> {
  private static final MethodSet EMPTY = new MethodSet(new MethodRef[0]);

  private final MethodRef[] sorted;

  private MethodSet(MethodRef[] sorted) {
    this.sorted = sorted;
  }

  static Set<MethodRef> of(Collection<MethodRef> methods) {
    if (methods.isEmpty()) {
      return EMPTY;
    }
    MethodRef[] a = methods.toArray(new MethodRef[0]);
    Arrays.sort(a);
    return new MethodSet(a);
  }

  @Override
  public boolean contains(Object o) {
    return o instanceof MethodRef m && Arrays.binarySearch(sorted, m) >= 0;
  }

  @Override
  public Iterator<MethodRef> iterator() {
    return Arrays.asList(sorted).iterator();
  }

  @Override
  public int size() {
    return sorted.length;
  }
}
