package dev.lockorder;

import dev.lockorder.cycles.Finding;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.GraphBuilder;
import dev.lockorder.summary.ThreadContexts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Drops cycles that need two threads but can only ever run on one: every run of every edge on the
 * same single-thread executor, or in {@code @UiThread}/{@code @MainThread} code. Each thread that
 * hid cycles gets a note, so nothing disappears without a word.
 */
final class OneThread {
  private OneThread() {}

  static List<Finding> drop(List<Finding> findings, GraphBuilder graph, ThreadContexts threads,
      List<Diagnostic> diags) {
    List<Finding> out = new ArrayList<>(findings.size());
    Map<String, Integer> dropped = new TreeMap<>();
    for (Finding f : findings) {
      String thread = f.chain().size() > 1 ? thread(f, graph, threads) : null;
      if (thread == null) {
        out.add(f);
      } else {
        dropped.merge(threads.display(thread), 1, Integer::sum);
      }
    }
    dropped.forEach((t, n) -> diags.add(new Diagnostic("one-thread", t, n + (n == 1 ? " cycle" : " cycles")
        + " not reported: every edge runs on this one thread, so no second thread can hold the other lock")));
    return out;
  }

  private static String thread(Finding f, GraphBuilder graph, ThreadContexts threads) {
    Set<String> origins = new HashSet<>();
    for (Edge e : f.edges()) {
      origins.addAll(graph.origins(e));
    }
    return threads.thread(origins);
  }
}
