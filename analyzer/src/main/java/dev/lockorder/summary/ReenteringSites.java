package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;

/**
 * The call sites at which an edge's acquisition is re-entry: the caller already holds, at the call,
 * the lock the callee goes on to take (a monitor, or a JDK lock on a side its holder may take
 * again), named in the caller's terms after getters and back-pointers. On the paths through such a
 * site the edge does not happen, so the site's receivers are not objects of the edge's locks
 * ({@link ObjectsOfLocks#objectsOf(Val, MethodRef, Acquired)}). commons-jcs's disk cache puts into
 * its private key map only under its storage write lock, and the map's eviction callback takes the
 * read side again: the edge from the map's lock to the storage lock is real only for maps the
 * library's users hold, never the cache's own.
 */
final class ReenteringSites {
  /** The acquisition an edge ends in, in the terms of the method that emits it. */
  record Acquired(Val lock, LockClass.Kind kind, Mode mode) {
    static Acquired of(Acq a) {
      return new Acquired(a.ref().val(), a.ref().kind(), a.mode());
    }

    /** The same acquisition in the terms of the caller at {@code s}. */
    Acquired at(CallGraph.Site s) {
      return new Acquired(Subst.rewrite(lock, s.args()), kind, mode);
    }
  }

  private final MonitorsHeld monitors;
  private final LocksHeld locks;
  private final EntryHeld entryHeld;
  private final java.util.function.UnaryOperator<Val> normalize;

  ReenteringSites(MonitorsHeld monitors, LocksHeld locks, EntryHeld entryHeld, java.util.function.UnaryOperator<Val> normalize) {
    this.monitors = monitors;
    this.locks = locks;
    this.entryHeld = entryHeld;
    this.normalize = normalize;
  }

  /** Whether the caller at {@code s} surely holds {@code a} (the callee's terms) when it calls. */
  boolean reenters(CallGraph.Site s, Acquired a) {
    if (!EntryHeld.fieldsOnly(a.lock())) {
      return false;
    }
    Val there = Subst.rewrite(a.lock(), s.args());
    if (there == null || MonitorsHeld.lost(there)) {
      return false;
    }
    there = Val.erase(normalize.apply(there));
    if (a.kind() == LockClass.Kind.MONITOR) {
      return monitors.at(s.caller(), s.node(), there) || entryHeld.heldByEveryCaller(s.caller(), there, a.kind(), null);
    }
    return EntryHeld.reentrantJdkLock(a.lock(), a.kind())
        && (locks.at(s.caller(), s.node(), there, a.mode())
            || entryHeld.heldByEveryCaller(s.caller(), there, a.kind(), a.mode()));
  }
}
