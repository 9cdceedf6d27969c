package dev.lockorder.summary;

import dev.lockorder.graph.Mode;
import dev.lockorder.ir.Val;

/**
 * A lock held at some point of a method, with where it was taken.
 *
 * @param cond when the lock is held only if a call succeeded: that call's result ({@code
 *     tryLock()}'s boolean, a lock handle that is not null). A branch on that value that finds it
 *     false or null lets the lock go. Null when the lock is held unconditionally.
 * @param flags the {@link Flags} every path that took it found: a lock helper that takes the read
 *     or the write side by its caller's constant leaves only one of them held for that caller
 */
record Held(LockRef ref, Mode mode, Trace frames, boolean tryLock, Val cond, String flags) {

  Held(LockRef ref, Mode mode, Trace frames, boolean tryLock) {
    this(ref, mode, frames, tryLock, null, Flags.NONE);
  }

  Held(LockRef ref, Mode mode, Trace frames, boolean tryLock, Val cond) {
    this(ref, mode, frames, tryLock, cond, Flags.NONE);
  }

  Held withFrames(Trace f) {
    return new Held(ref, mode, f, tryLock, cond, flags);
  }

  Held withCond(Val c) {
    return new Held(ref, mode, frames, tryLock, c, flags);
  }

  Held withFlags(String f) {
    return f.equals(flags) ? this : new Held(ref, mode, frames, tryLock, cond, f);
  }
}
