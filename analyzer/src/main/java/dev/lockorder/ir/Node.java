package dev.lockorder.ir;

/**
 * A node of a method's event graph: the method's control flow reduced to the instructions that
 * matter for locking (monitors, calls, returns). Node 0 is the entry.
 *
 * @param op what happens here
 * @param line the source line, or -1
 * @param succs the nodes that may come next, directly or through instructions that do nothing for
 *     locking (including exception edges)
 */
public record Node(Op op, int line, int[] succs) {}
