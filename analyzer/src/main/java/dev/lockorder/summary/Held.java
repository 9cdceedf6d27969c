package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.graph.Mode;
import java.util.List;

/** A lock held at some point of a method, with where it was taken. */
record Held(LockRef ref, Mode mode, List<Frame> frames, boolean tryLock) {
  Held {
    frames = List.copyOf(frames);
  }

  Held withFrames(List<Frame> f) {
    return new Held(ref, mode, f, tryLock);
  }
}
