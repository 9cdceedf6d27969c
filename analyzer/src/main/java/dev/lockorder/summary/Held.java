package dev.lockorder.summary;

import dev.lockorder.graph.Mode;
import dev.lockorder.ir.Val;

/**
 * A lock held at some point of a method, with where it was taken.
 *
 * @param cond when the lock is held only if a call succeeded: that call's result ({@code
 *     tryLock()}'s boolean, a lock handle that is not null). A branch on that value that finds it
 *     false or null lets the lock go. Null when the lock is held unconditionally.
 */
record Held(LockRef ref, Mode mode, Trace frames, boolean tryLock, Val cond) {

  Held(LockRef ref, Mode mode, Trace frames, boolean tryLock) {
    this(ref, mode, frames, tryLock, null);
  }

  Held withFrames(Trace f) {
    return new Held(ref, mode, f, tryLock, cond);
  }

  Held withCond(Val c) {
    return new Held(ref, mode, frames, tryLock, c);
  }
}
