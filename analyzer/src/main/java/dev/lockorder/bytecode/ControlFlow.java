package dev.lockorder.bytecode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The instruction-level control flow ASM's analyzer reports, normal and exceptional edges kept
 * apart, and the walk that reduces it to edges between event-graph nodes.
 */
final class ControlFlow {
  private static final int[] NONE = new int[0];
  private final int n;
  private final int[][] normal;
  private final int[] normalCount;
  private final int[][] exceptional;
  private final int[] exceptionalCount;
  /** {@link #reach}'s walk: the walk number that last saw each instruction, and its stack. */
  private int[] mark;
  private int[] stack;
  private int walk;

  ControlFlow(int n) {
    this.n = n;
    this.normal = new int[n][];
    this.normalCount = new int[n];
    this.exceptional = new int[n][];
    this.exceptionalCount = new int[n];
  }

  void add(int insn, int successor, boolean exception) {
    int[][] edges = exception ? exceptional : normal;
    int[] count = exception ? exceptionalCount : normalCount;
    int[] e = edges[insn];
    if (e == null) {
      e = edges[insn] = new int[2];
    } else if (count[insn] == e.length) {
      e = edges[insn] = Arrays.copyOf(e, e.length * 2);
    }
    for (int i = 0; i < count[insn]; i++) {
      if (e[i] == successor) {
        return;
      }
    }
    e[count[insn]++] = successor;
  }

  /** The direct successors of one instruction, of one kind. */
  int[] targets(int insn, boolean exception) {
    int[] e = (exception ? exceptional : normal)[insn];
    return e == null ? NONE : Arrays.copyOf(e, (exception ? exceptionalCount : normalCount)[insn]);
  }

  /**
   * The nodes first met from {@code starts}, passing through instructions that are not nodes along
   * every edge (an instruction that is not a node does nothing to the held locks, so whether it
   * completes or throws, the same locks are held).
   */
  int[] reach(int[] starts, int[] nodeOf) {
    if (n == 0 || starts.length == 0) {
      return NONE;
    }
    if (starts.length == 1 && starts[0] >= 0 && starts[0] < n && nodeOf[starts[0]] >= 0) {
      return new int[] {nodeOf[starts[0]]}; // the common case: the next instruction is a node
    }
    // Called once per node: marks by walk number and one stack for the method, not a set per walk.
    if (mark == null) {
      mark = new int[n];
      stack = new int[Math.max(16, n)];
    }
    walk++;
    int top = 0;
    int[] found = new int[4];
    int nFound = 0;
    for (int s : starts) {
      top = push(top, s);
    }
    while (top > 0) {
      int i = stack[--top];
      if (i < 0 || i >= n || mark[i] == walk) {
        continue;
      }
      mark[i] = walk;
      if (nodeOf[i] >= 0) {
        if (nFound == found.length) {
          found = Arrays.copyOf(found, nFound * 2);
        }
        found[nFound++] = nodeOf[i];
        continue;
      }
      for (int j = 0; j < normalCount[i]; j++) {
        top = push(top, normal[i][j]);
      }
      for (int j = 0; j < exceptionalCount[i]; j++) {
        top = push(top, exceptional[i][j]);
      }
    }
    int[] out = Arrays.copyOf(found, nFound);
    Arrays.sort(out); // each instruction is seen once, and each node is one instruction: no repeats
    return out;
  }

  private int push(int top, int insn) {
    if (top == stack.length) {
      stack = Arrays.copyOf(stack, top * 2);
    }
    stack[top] = insn;
    return top + 1;
  }

  /**
   * The instructions reachable from {@code start} without taking the edge from {@code at} to
   * {@code side} (-1 for none): what a branch's one side leads to, or all but that.
   */
  BitSet reachAvoiding(int start, int at, int side) {
    BitSet seen = new BitSet(n);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.push(start);
    while (!work.isEmpty()) {
      int i = work.pop();
      if (i < 0 || i >= n || seen.get(i)) {
        continue;
      }
      seen.set(i);
      for (int j = 0; normal[i] != null && j < normalCount[i]; j++) {
        if (i != at || normal[i][j] != side) {
          work.push(normal[i][j]);
        }
      }
      for (int j = 0; exceptional[i] != null && j < exceptionalCount[i]; j++) {
        work.push(exceptional[i][j]);
      }
    }
    return seen;
  }
}
