package dev.lockorder.ir;

/**
 * A node of a method's event graph: the method's control flow reduced to the instructions that
 * matter for locking (monitors, calls, returns, tests of a call's result). Node 0 is the entry.
 *
 * <p>Successors come in three kinds, because what is held on each differs:
 *
 * <ul>
 *   <li>{@code succs}: the nodes that may come next when the node completes normally (for a
 *       {@link Op.Test}, when the tested value is true or non-null), directly or through
 *       instructions that do nothing for locking, including their exception edges;
 *   <li>{@code alt}: for a {@link Op.Test}, the nodes that come next when the value is false or
 *       null; empty otherwise;
 *   <li>{@code exc}: the handlers entered when the node's own instruction throws, so before its
 *       effect (a {@code monitorexit} that throws has not released; a {@code lock()} that throws
 *       has not acquired). Only handlers the JVM can pick are listed: the first matching entry of
 *       the exception table wins, so a catch-any in front ends the search.
 * </ul>
 *
 * @param op what happens here
 * @param line the source line, or -1
 * @param offset the instruction's bytecode offset when the method has no line numbers, else -1
 * @param guards the tests of parameters (their class, a boolean field of theirs) that every path to
 *     this node passed on one side
 */
public record Node(Op op, int line, int offset, int[] succs, int[] alt, int[] exc, java.util.List<Guard> guards) {
  private static final int[] NONE = new int[0];

  public Node(Op op, int line, int offset, int[] succs) {
    this(op, line, offset, succs, NONE, NONE, java.util.List.of());
  }

  public Node {
    guards = java.util.List.copyOf(guards);
  }
}
