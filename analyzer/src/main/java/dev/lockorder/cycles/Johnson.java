package dev.lockorder.cycles;

import dev.lockorder.graph.LockClass;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Johnson's algorithm for the elementary cycles of a directed graph, without recursion, in a
 * deterministic order (nodes are visited in key order). Stops after {@code max} cycles.
 *
 * <p>A graph can hold exponentially many cycles; on a large one the first {@code max} that
 * Johnson's depth-first order meets are long detours through hub locks. So when the graph has more
 * than {@link #SMALL} nodes, cycles are found shortest first instead (iterative deepening, up to
 * {@link #MAX_DEEPENING} locks long), which is what a reader wants first.
 */
final class Johnson {
  private final List<LockClass> nodes;
  private final Map<LockClass, List<LockClass>> succ = new TreeMap<>();
  private final int max;

  Johnson(Map<LockClass, ? extends Map<LockClass, ?>> adj, int max) {
    Set<LockClass> all = new java.util.TreeSet<>();
    for (var e : adj.entrySet()) {
      all.add(e.getKey());
      all.addAll(e.getValue().keySet());
      succ.put(e.getKey(), new ArrayList<>(e.getValue().keySet()));
    }
    this.nodes = new ArrayList<>(all);
    this.max = max;
  }

  static final int SMALL = 64;
  static final int MAX_DEEPENING = 8;
  /** Steps of the shortest-first search per cycle asked for; the run says when it stopped early. */
  static final long STEPS_PER_CYCLE = 20_000L;
  boolean budgetHit;
  /** The cycle length the search had reached when it stopped. */
  int lengthReached;

  List<List<LockClass>> run() {
    return nodes.size() > SMALL ? shortestFirst() : johnson();
  }

  private long steps;
  private final Set<LockClass> inCycle = new HashSet<>();
  private final Map<LockClass, Integer> sccOf = new HashMap<>();

  /** Strongly connected components; only nodes in one with more than one node can be on a cycle. */
  private void components() {
    int comp = 0;
    for (List<LockClass> members : dev.lockorder.graph.Tarjan.components(nodes,
        v -> succ.getOrDefault(v, List.of()))) {
      for (LockClass m : members) {
        sccOf.put(m, comp);
      }
      if (members.size() > 1) {
        inCycle.addAll(members);
      }
      comp++;
    }
  }

  /** Elementary cycles by length, 2 to MAX_DEEPENING, each found once (from its least node). */
  private List<List<LockClass>> shortestFirst() {
    components();
    List<List<LockClass>> out = new ArrayList<>();
    Map<LockClass, Integer> order = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      order.put(nodes.get(i), i);
    }
    for (int len = 2; len <= MAX_DEEPENING && out.size() < max && !budgetHit; len++) {
      lengthReached = len;
      for (int s = 0; s < nodes.size() && out.size() < max && !budgetHit; s++) {
        dev.lockorder.HeapWatch.check();
        LockClass start = nodes.get(s);
        if (!inCycle.contains(start)) {
          continue;
        }
        ArrayDeque<LockClass> path = new ArrayDeque<>();
        ArrayDeque<java.util.Iterator<LockClass>> its = new ArrayDeque<>();
        Set<LockClass> onPath = new HashSet<>();
        path.addLast(start);
        onPath.add(start);
        its.push(next(start, order, s).iterator());
        while (!its.isEmpty() && out.size() < max) {
          if (++steps > STEPS_PER_CYCLE * max) {
            budgetHit = true;
            break;
          }
          java.util.Iterator<LockClass> it = its.peek();
          if (!it.hasNext()) {
            its.pop();
            onPath.remove(path.removeLast());
            continue;
          }
          LockClass w = it.next();
          if (w.equals(start)) {
            if (path.size() == len) {
              out.add(new ArrayList<>(path));
            }
          } else if (path.size() < len && !onPath.contains(w) && order.get(w) > s
              && sccOf.get(w).equals(sccOf.get(start))) {
            path.addLast(w);
            onPath.add(w);
            its.push(next(w, order, s).iterator());
          }
        }
      }
    }
    return out;
  }

  private List<List<LockClass>> johnson() {
    List<List<LockClass>> out = new ArrayList<>();
    Map<LockClass, Integer> order = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      order.put(nodes.get(i), i);
    }
    for (int s = 0; s < nodes.size() && out.size() < max; s++) {
      dev.lockorder.HeapWatch.check();
      LockClass start = nodes.get(s);
      int sIdx = s;
      // Subgraph of nodes >= s; blocked sets as in Johnson (1975).
      Set<LockClass> blocked = new HashSet<>();
      Map<LockClass, Set<LockClass>> b = new HashMap<>();
      ArrayDeque<LockClass> path = new ArrayDeque<>();
      ArrayDeque<java.util.Iterator<LockClass>> its = new ArrayDeque<>();
      ArrayDeque<boolean[]> found = new ArrayDeque<>();
      path.addLast(start);
      blocked.add(start);
      its.push(next(start, order, sIdx).iterator());
      found.push(new boolean[] {false});
      while (!its.isEmpty() && out.size() < max) {
        java.util.Iterator<LockClass> it = its.peek();
        LockClass v = path.peekLast();
        if (it.hasNext()) {
          LockClass w = it.next();
          if (w.equals(start)) {
            out.add(new ArrayList<>(path));
            found.peek()[0] = true;
          } else if (!blocked.contains(w)) {
            path.addLast(w);
            blocked.add(w);
            its.push(next(w, order, sIdx).iterator());
            found.push(new boolean[] {false});
          }
        } else {
          its.pop();
          boolean f = found.pop()[0];
          if (f) {
            unblock(v, blocked, b);
          } else {
            for (LockClass w : next(v, order, sIdx)) {
              b.computeIfAbsent(w, k -> new HashSet<>()).add(v);
            }
          }
          path.removeLast();
          if (!found.isEmpty() && f) {
            found.peek()[0] = true;
          }
        }
      }
    }
    return out;
  }

  private List<LockClass> next(LockClass v, Map<LockClass, Integer> order, int s) {
    List<LockClass> out = new ArrayList<>();
    for (LockClass w : succ.getOrDefault(v, List.of())) {
      if (order.get(w) >= s) {
        out.add(w);
      }
    }
    return out;
  }

  private static void unblock(LockClass u, Set<LockClass> blocked, Map<LockClass, Set<LockClass>> b) {
    ArrayDeque<LockClass> work = new ArrayDeque<>();
    work.push(u);
    while (!work.isEmpty()) {
      LockClass x = work.pop();
      if (blocked.remove(x)) {
        Set<LockClass> bs = b.remove(x);
        if (bs != null) {
          work.addAll(bs);
        }
      }
    }
  }
}
