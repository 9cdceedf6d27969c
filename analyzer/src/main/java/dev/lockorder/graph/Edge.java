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
 * @param witness the stack of the acquisition of {@code to}, outermost first: the shortest seen
 * @param held every lock held at that moment, outermost first, each lock class once; the last is
 *     {@code from}
 * @param timed whether the acquisition waits with a timeout (it blocks, but gives up)
 * @param witnesses how many distinct witness stacks were seen for this dependency; only the
 *     shortest is kept, so reports stay proportional to the edges, not to the paths
 * @param descent how far down a chain of wrappers every stack seen takes {@code to} from the
 *     object of {@code from} (through fields only constructors set, each from one of their
 *     parameters): {@link #DOWN} on an object it wraps, {@link #LEVEL} on that object itself (its
 *     monitor and its own lock), {@link #ANYWHERE} when some stack shows neither. Wrapping cannot
 *     loop, so neither can a cycle that never goes up and goes down at least once
 * @param fromObjects for a lock class named by its type: the objects the held lock may be (see
 *     {@link LockObjects}); null when any object of the class may be
 * @param toObjects the same for the acquired lock
 * @param gates what keeps other threads out wherever this dependency was seen, on every stack seen
 *     (sorted): the monitors every run of the method that took {@code from} holds on entry (lock
 *     class keys), and one-winner gates {@code to} was taken past ({@code "(one winner)"} and the
 *     field). A cycle whose edges share one cannot run on two threads at once, as under a common
 *     lock
 */
public record Edge(LockClass from, Mode fromMode, LockClass to, Mode toMode, Witness witness,
    List<HeldLock> held, boolean timed, int witnesses, int descent, List<String> fromObjects,
    List<String> toObjects, List<String> gates) {
  /** {@code to} taken on an object of unknown relation to the object of {@code from}. */
  public static final int ANYWHERE = 0;
  /** {@code to} belongs to the object {@code from} belongs to. */
  public static final int LEVEL = 1;
  /** {@code to} belongs to an object that the object of {@code from} wraps. */
  public static final int DOWN = 2;

  public Edge {
    held = List.copyOf(held);
    gates = List.copyOf(gates);
  }

  public Edge(LockClass from, Mode fromMode, LockClass to, Mode toMode, Witness witness, List<HeldLock> held,
      boolean timed) {
    this(from, fromMode, to, toMode, witness, held, timed, 1, ANYWHERE, null, null, List.of());
  }

  public Edge withDescent(int d) {
    return new Edge(from, fromMode, to, toMode, witness, held, timed, witnesses, d, fromObjects, toObjects, gates);
  }

  /** The edge with the objects each end may be (null: any object of its lock class). */
  public Edge withObjects(List<String> from, List<String> to) {
    return new Edge(this.from, fromMode, this.to, toMode, witness, held, timed, witnesses, descent, from, to, gates);
  }

  /**
   * Calls on the path with nothing seen tying them to their method ({@link Frame.Kind#GUESSED_CALL},
   * {@link Frame.Kind#GUESSED_ELEMENT_CALL}): in the witness, and where the innermost held lock was
   * taken.
   */
  public int guesses() {
    int n = 0;
    for (Frame f : witness.frames()) {
      n += f.guessed() ? 1 : 0;
    }
    for (Frame f : held.get(held.size() - 1).acquiredAt().frames()) {
      n += f.guessed() ? 1 : 0;
    }
    return n;
  }

  /** The edge with its gates ({@link #gates}), sorted. */
  public Edge withGates(List<String> g) {
    return new Edge(from, fromMode, to, toMode, witness, held, timed, witnesses, descent, fromObjects, toObjects, g);
  }

  Edge withWitnesses(int n) {
    return new Edge(from, fromMode, to, toMode, witness, held, timed, n, descent, fromObjects, toObjects, gates);
  }
}
