package dev.lockorder.summary;

import dev.lockorder.ir.Node;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;

/** The nodes of one method's event graph that a walk along its edges reaches. */
final class NodeReach {
  private NodeReach() {}

  /**
   * The nodes reached from {@code starts} (themselves included) along normal, false-side and
   * exception edges; at node {@code avoid} (or none, when negative) only its exception edges are
   * followed: what comes after a call only if the call throws.
   */
  static BitSet forward(List<Node> nodes, List<Integer> starts, int avoid) {
    BitSet seen = new BitSet(nodes.size());
    ArrayDeque<Integer> work = new ArrayDeque<>(starts);
    while (!work.isEmpty()) {
      int x = work.poll();
      if (x < 0 || x >= nodes.size() || seen.get(x)) {
        continue;
      }
      seen.set(x);
      Node n = nodes.get(x);
      for (int[] next : x == avoid ? new int[][] {n.exc()} : new int[][] {n.succs(), n.alt(), n.exc()}) {
        for (int t : next) {
          work.add(t);
        }
      }
    }
    return seen;
  }
}
