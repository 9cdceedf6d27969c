package dev.lockorder.graph;

import java.util.List;

/**
 * A dependency {@code from -> to}: {@code to} was acquired while {@code from} was the innermost
 * lock held (lockdep adds edges only from the innermost held lock; the others follow by
 * transitivity).
 *
 * @param from the held lock class
 * @param fromMode how {@code from} was held
 * @param to the acquired lock class
 * @param toMode how {@code to} was acquired
 * @param witness the stack of the acquisition of {@code to}, outermost first
 * @param held every lock held at that moment, outermost first; the last is {@code from}
 * @param timed whether the acquisition waits with a timeout (it blocks, but gives up)
 */
public record Edge(LockClass from, Mode fromMode, LockClass to, Mode toMode, Witness witness,
    List<HeldLock> held, boolean timed) {
  public Edge {
    held = List.copyOf(held);
  }
}
