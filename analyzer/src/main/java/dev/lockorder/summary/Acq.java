package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.Val;
import java.util.List;

/**
 * One acquisition reachable from a method.
 *
 * @param ref the lock, in the method's terms
 * @param mode shared or exclusive
 * @param tryLock true when it cannot block (tryLock): held afterwards, but no edge into it
 * @param timed true when it blocks with a timeout (reported at lower confidence)
 * @param ifSingleThread for an executor's completion taken by waiting on one task: only counts when
 *     the executor runs one task at a time, which is known once the executor is
 * @param frames the stack from the method down to the acquisition
 * @param bound when the acquisition is only reached through a call that dispatched to a
 *     subclass's override: the parameter that call's receiver is or is made from, and the classes
 *     it must be ({@link Receivers}); null when any receiver reaches it
 * @param releasedBefore locks the method let go of before this acquisition without having taken
 *     them (its callers' locks, as an unlock-call-relock helper does), erased: a caller holding one
 *     of them does not hold it here
 * @param flags the boolean fields of parameters the acquisition depends on ({@link Flags})
 * @param anchor when {@code ref}'s path was cut at the depth limit: an object, in the method's
 *     terms, that the lock's object is reached from through wrapped objects alone ({@link
 *     Delegates}), which the cut path no longer shows; null otherwise
 * @param owner for a lock its owner makes for itself, the classes that owner can be of, as far as
 *     the calls it was {@code this} of tell ({@link ObjectsOfLocks#ownerAfter}); null: any
 * @param gates the one-winner gates every path to the acquisition has won ({@link OneWinners}),
 *     sorted: at most one thread at a time takes it
 */
record Acq(LockRef ref, Mode mode, boolean tryLock, boolean timed, boolean ifSingleThread, Trace frames,
    String bound, java.util.Set<LockRef> releasedBefore, String flags, Val anchor, String owner,
    java.util.SortedSet<String> gates) {

  Acq(LockRef ref, Mode mode, boolean tryLock, boolean timed, boolean ifSingleThread, Trace frames) {
    this(ref, mode, tryLock, timed, ifSingleThread, frames, null, java.util.Set.of(), Flags.NONE, null, null, NO_GATES);
  }

  Acq withFrames(Trace f) {
    return new Acq(ref, mode, tryLock, timed, ifSingleThread, f, bound, releasedBefore, flags, anchor, owner, gates);
  }

  /** The acquisition with its lock rewritten, and the anchor of that path (null: none). */
  Acq withRef(LockRef r, Val a) {
    return new Acq(r, mode, tryLock, timed, ifSingleThread, frames, bound, releasedBefore, flags, a, owner, gates);
  }

  Acq withBound(String b) {
    return new Acq(ref, mode, tryLock, timed, ifSingleThread, frames, b, releasedBefore, flags, anchor, owner, gates);
  }

  Acq withReleasedBefore(java.util.Set<LockRef> r) {
    return new Acq(ref, mode, tryLock, timed, ifSingleThread, frames, bound, r, flags, anchor, owner, gates);
  }

  /** The same wait with no bound: a loop repeats it ({@link Retries}). */
  Acq untimed() {
    return timed ? new Acq(ref, mode, tryLock, false, ifSingleThread, frames, bound, releasedBefore, flags, anchor, owner, gates) : this;
  }

  Acq withFlags(String f) {
    return new Acq(ref, mode, tryLock, timed, ifSingleThread, frames, bound, releasedBefore, f, anchor, owner, gates);
  }

  Acq withOwner(String o) {
    return java.util.Objects.equals(o, owner) ? this
        : new Acq(ref, mode, tryLock, timed, ifSingleThread, frames, bound, releasedBefore, flags, anchor, o, gates);
  }

  static final java.util.SortedSet<String> NO_GATES = java.util.Collections.emptySortedSet();

  /** The acquisition also made past the wins of {@code more}. */
  Acq withGates(java.util.Set<String> more) {
    if (more.isEmpty() || gates.containsAll(more)) {
      return this;
    }
    java.util.TreeSet<String> all = new java.util.TreeSet<>(gates);
    all.addAll(more);
    return new Acq(ref, mode, tryLock, timed, ifSingleThread, frames, bound, releasedBefore, flags, anchor, owner,
        java.util.Collections.unmodifiableSortedSet(all));
  }

  /** The acquisition with only the gates {@code other} was made past as well: reached both ways. */
  Acq meetGates(Acq other) {
    if (other.gates.containsAll(gates)) {
      return this;
    }
    java.util.TreeSet<String> both = new java.util.TreeSet<>(gates);
    both.retainAll(other.gates);
    return new Acq(ref, mode, tryLock, timed, ifSingleThread, frames, bound, releasedBefore, flags, anchor, owner,
        both.isEmpty() ? NO_GATES : java.util.Collections.unmodifiableSortedSet(both));
  }

  Held held() {
    return new Held(ref, mode, frames, tryLock);
  }
}
