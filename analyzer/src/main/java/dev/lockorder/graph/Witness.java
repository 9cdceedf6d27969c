package dev.lockorder.graph;

import java.util.List;

/**
 * The call stack of one acquisition, outermost frame first. The last frame is the acquisition
 * (or wait) itself.
 */
public record Witness(List<Frame> frames) {
  public Witness {
    frames = List.copyOf(frames);
  }

  public Frame last() {
    return frames.get(frames.size() - 1);
  }

  public Frame first() {
    return frames.get(0);
  }
}
