package dev.lockorder.graph;

/** How a lock is held: exclusively, or shared with other readers. */
public enum Mode {
  EXCLUSIVE,
  SHARED;

  /** Two holders conflict unless both only read. */
  public boolean conflictsWith(Mode other) {
    return this == EXCLUSIVE || other == EXCLUSIVE;
  }
}
