package dev.lockorder.ir;

/**
 * A use of a counter (an {@code int} or {@code long} field) that a method makes, with where it is
 * in the method's event graph: what tells which signal a thread owes a waiter that waits while the
 * counter is not zero ({@code while (inProgress > 0) lock.wait();}).
 *
 * @param kind what the method does with the counter
 * @param value the counter ({@link Val.Field}); for a {@link Kind#GATE}, the value tested, which
 *     may also be a call returning it (a synthetic accessor)
 * @param nodes for an increment or decrement, the nodes that come right after it; for a gate, the
 *     nodes reached only through the side of the test where the value is not zero; for a raise,
 *     those right after a store, or the call itself; empty otherwise
 * @param bits for a bit gate, the bits tested; for a raise, the bits set; 0 otherwise
 */
public record CountUse(Kind kind, Val value, int[] nodes, long bits) {
  public CountUse(Kind kind, Val value, int[] nodes) {
    this(kind, value, nodes, 0);
  }

  public enum Kind {
    /** {@code f++} or {@code f += 1}. */
    INC,
    /** {@code f--} or {@code f -= 1}. */
    DEC,
    /** Any other store into the field. */
    SET,
    /** The method returns the counter (a getter or a synthetic accessor). */
    RETURN,
    /** A test of the value against zero, in a method that waits. */
    GATE,
    /**
     * A test that some bits of a field are set ({@code (f & M) != 0}, {@code (f & M) == M}), in a
     * method that waits: {@code value} is the field, {@code nodes} those reached only where they are.
     */
    BITS,
    /**
     * A store that sets constant bits: {@code f = x | C} ({@code value} the field), or a call whose
     * last argument is {@code x | C} ({@code value} the call, its receiver first: a CAS through an
     * accessor or a field updater, {@code casHash(h, h | LOCKED)}).
     */
    RAISE
  }
}
