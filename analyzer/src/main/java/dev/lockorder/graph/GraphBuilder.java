package dev.lockorder.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects edges as the summary stage finds them. Keeps one edge per (from, mode, to, mode), with
 * the shortest witness, so that the same dependency reached by several paths is reported once.
 * Thread-confined: the summary stage calls it from one thread.
 */
public final class GraphBuilder {
  private final Map<String, Edge> edges = new TreeMap<>();
  private final Map<String, SelfDeadlock> selfs = new TreeMap<>();

  /**
   * A lock taken again by its holder where that blocks: a read-to-write upgrade, or a
   * non-reentrant lock.
   *
   * @param ruleId the rule it breaks
   * @param edge the held lock to itself, with the witness of the second acquisition
   */
  public record SelfDeadlock(String ruleId, Edge edge) {}

  public void add(Edge e) {
    String k = e.from().key() + "|" + e.fromMode() + "|" + e.to().key() + "|" + e.toMode() + "|" + e.timed();
    Edge old = edges.get(k);
    if (old == null || better(e, old)) {
      edges.put(k, e);
    }
  }

  public void addSelf(String ruleId, Edge e) {
    String k = ruleId + "|" + e.to().key();
    SelfDeadlock old = selfs.get(k);
    if (old == null || better(e, old.edge())) {
      selfs.put(k, new SelfDeadlock(ruleId, e));
    }
  }

  private static boolean better(Edge a, Edge b) {
    int la = a.witness().frames().size() + a.held().size();
    int lb = b.witness().frames().size() + b.held().size();
    if (la != lb) {
      return la < lb;
    }
    int c = Frame.compare(a.witness().frames(), b.witness().frames());
    if (c != 0) {
      return c < 0;
    }
    for (int i = 0; i < a.held().size(); i++) {
      c = a.held().get(i).lock().key().compareTo(b.held().get(i).lock().key());
      if (c == 0) {
        c = Frame.compare(a.held().get(i).acquiredAt().frames(), b.held().get(i).acquiredAt().frames());
      }
      if (c != 0) {
        return c < 0;
      }
    }
    return false;
  }

  public List<Edge> edges() {
    return new ArrayList<>(edges.values());
  }

  public List<SelfDeadlock> selfDeadlocks() {
    return new ArrayList<>(selfs.values());
  }
}
