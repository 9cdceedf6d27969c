package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.Val;
import java.util.function.Predicate;

/**
 * Edges that involve the object holding {@code this} (a back-pointer, {@code this.manager} or
 * {@code this.owner}): the caller that reached this method through the holder's field names that
 * object as the holder, and may hold its lock already. Such an edge waits in the summary, for up to
 * a few calls, in methods that only the program's own call sites run. So does an edge reached
 * through a call on an element of a parameter's container, until a caller says which object that
 * parameter is ({@link HolderElements}): one made where no such element was put drops it.
 */
final class HolderEdges {
  private static final int HOLDER_DEPTH = 4;
  /** How far an edge asking what a container held by a parameter holds waits ({@link HolderElements}). */
  private static final int ELEMENT_DEPTH = 12;

  private Predicate<Val> isHolder = v -> false;
  private boolean defer;

  void isHolder(Predicate<Val> p) {
    isHolder = p;
  }

  /** Whether the method being analyzed runs only from call sites in the program. */
  void defer(boolean on) {
    defer = on;
  }

  /** Whether an edge from {@code top} to {@code a} waits for the caller. */
  boolean waits(Held top, Acq a) {
    return defer && (a.frames().size <= HOLDER_DEPTH && (holderOfThis(a) || throughHolder(top))
        || a.frames().size <= ELEMENT_DEPTH && a.bound() != null && HolderElements.isElementBound(a.bound()));
  }

  /**
   * Whether an acquisition is the monitor of the object holding {@code this}: the caller that
   * reached this method through {@code manager.control} may hold it already, and then it is
   * re-entry (hazelcast's {@code TcpServerControl} calling back its connection manager from inside
   * the manager's synchronized {@code accept}).
   */
  private boolean holderOfThis(Acq a) {
    return a.ref().kind() == LockClass.Kind.MONITOR && isHolder.test(a.ref().val());
  }

  /**
   * Whether the innermost held lock is reached through the object holding {@code this} ({@code
   * this.owner.writeLock()}): a getter with several answers names it by the path, and the lock the
   * holder's own method takes under it by its field. The caller that reached this method through
   * {@code engine.owner} names both alike (offheap-store's {@code FileBackedStorageEngine.shrink}
   * calling back its owner's {@code evict}).
   */
  private boolean throughHolder(Held top) {
    for (Val v = top.ref().val(); v != null; ) {
      if (isHolder.test(v)) {
        return true;
      }
      v = v instanceof Val.Field f ? f.base() : v instanceof Val.Call c && !c.args().isEmpty() ? c.args().get(0) : null;
    }
    return false;
  }
}
