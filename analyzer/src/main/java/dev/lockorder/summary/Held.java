package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.graph.Mode;
import java.util.List;

/** A lock held at some point of a method, with where it was taken. */
record Held(LockRef ref, Mode mode, Trace frames, boolean tryLock) {

  Held withFrames(Trace f) {
    return new Held(ref, mode, f, tryLock);
  }
}
