package dev.lockorder.graph;

import java.util.List;

/**
 * The call stack of one acquisition, outermost frame first. The last frame is the acquisition
 * (or wait) itself.
 *
 * @param frames the frames kept
 * @param omitted how many frames were cut from the middle of a deeper stack ({@code
 *     --max-witness-depth}); 0 when none
 * @param omittedAt the index in {@code frames} before which they were cut
 * @param object for a monitor whose lock class is named by a class (every object of it): the object
 *     this stack locked, as its first method reached it ({@code this.sysSession}); null otherwise
 */
public record Witness(List<Frame> frames, int omitted, int omittedAt, String object) {
  public Witness {
    frames = List.copyOf(frames);
  }

  public Witness(List<Frame> frames) {
    this(frames, 0, 0, null);
  }

  public Witness(List<Frame> frames, int omitted, int omittedAt) {
    this(frames, omitted, omittedAt, null);
  }

  public Witness withObject(String o) {
    return new Witness(frames, omitted, omittedAt, o);
  }

  public Frame last() {
    return frames.get(frames.size() - 1);
  }

  public Frame first() {
    return frames.get(0);
  }
}
