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
 *     nodes reached only through the side of the test where the value is not zero; empty otherwise
 */
public record CountUse(Kind kind, Val value, int[] nodes) {
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
    GATE
  }
}
