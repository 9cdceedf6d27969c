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
 * @param owner for a lock its owner makes for itself, the classes that owner can be of, learnt from
 *     the methods the path to an acquisition ran on it ({@link OwnerBounds}); null when unknown
 */
record Held(LockRef ref, Mode mode, Trace frames, boolean tryLock, Val cond, String flags, String owner) {

  Held(LockRef ref, Mode mode, Trace frames, boolean tryLock) {
    this(ref, mode, frames, tryLock, null, Flags.NONE, null);
  }

  Held(LockRef ref, Mode mode, Trace frames, boolean tryLock, Val cond) {
    this(ref, mode, frames, tryLock, cond, Flags.NONE, null);
  }

  Held(LockRef ref, Mode mode, Trace frames, boolean tryLock, Val cond, String flags) {
    this(ref, mode, frames, tryLock, cond, flags, null);
  }

  Held withFrames(Trace f) {
    return new Held(ref, mode, f, tryLock, cond, flags, owner);
  }

  Held withCond(Val c) {
    return new Held(ref, mode, frames, tryLock, c, flags, owner);
  }

  Held withFlags(String f) {
    return f.equals(flags) ? this : new Held(ref, mode, frames, tryLock, cond, f, owner);
  }

  Held withOwner(String o) {
    return java.util.Objects.equals(o, owner) ? this : new Held(ref, mode, frames, tryLock, cond, flags, o);
  }
}
