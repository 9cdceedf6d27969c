package dev.lockorder.cycles;

import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.graph.GraphBuilder;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.LockObjects;
import dev.lockorder.rules.Rules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds every elementary cycle of the lock graph (Johnson's algorithm), keeps those that can
 * deadlock, and turns each into a {@link Finding} with one witnessed edge per link.
 *
 * <p>A cycle can deadlock when, at every lock class on it, the thread arriving and the thread
 * holding do not both only read, and when no single other lock (a gate) is held at every edge, on
 * every stack seen of it.
 */
public final class CycleFinder {
  private final List<Edge> edges;
  private final int maxCycles;
  private boolean truncated;
  private int found;
  private int nodes;
  private boolean budgetHit;
  private int lengthReached;

  public CycleFinder(List<Edge> edges, int maxCycles) {
    this.edges = edges;
    this.maxCycles = maxCycles;
  }

  /** Whether {@code maxCycles} cut the search. */
  public boolean truncated() {
    return truncated;
  }

  /** What cut the search, for a reader who wonders what was not searched; null when nothing did. */
  public String truncation(int kept) {
    if (!truncated) {
      return null;
    }
    String why = budgetHit ? "the cycle search ran out of steps at cycles of " + lengthReached + " locks"
        : "the cycle search stopped after " + found + " cycles";
    return why + ", " + kept + " of them reported (the others only read, or share a gate lock); more cycles may"
        + " exist";
  }

  /** Lock classes in the graph searched. */
  public int nodes() {
    return nodes;
  }

  public List<Finding> findings(List<GraphBuilder.SelfDeadlock> selfs) {
    return findings(selfs, List.of());
  }

  /**
   * @param opposed pairs of nestings of one lock class that go opposite ways ({@link
   *     GraphBuilder#opposedNestings}): each is a cycle over two objects of that class
   */
  public List<Finding> findings(List<GraphBuilder.SelfDeadlock> selfs, List<List<Edge>> opposed) {
    Map<LockClass, Map<LockClass, List<Edge>>> adj = new TreeMap<>();
    for (Edge e : edges) {
      if (e.from().equals(e.to())) {
        continue;
      }
      adj.computeIfAbsent(e.from(), k -> new TreeMap<>()).computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
    }
    Johnson johnson = new Johnson(adj, maxCycles);
    List<List<LockClass>> cycles = johnson.run();
    truncated = cycles.size() >= maxCycles || johnson.budgetHit;
    found = cycles.size();
    nodes = adj.size();
    budgetHit = johnson.budgetHit;
    lengthReached = johnson.lengthReached;
    List<Finding> out = new ArrayList<>();
    for (List<LockClass> cyc : cycles) {
      List<LockClass> chain = rotate(cyc);
      List<Edge> chosen = choose(chain, adj, false);
      if (chosen != null && downWrappers(chosen)) {
        chosen = choose(chain, adj, true);
      }
      if (chosen == null || gated(chain, chosen)) {
        continue;
      }
      out.add(finding(Rules.LOCK_ORDER_CYCLE.id(), chain, chosen));
    }
    for (GraphBuilder.SelfDeadlock s : selfs) {
      out.add(finding(s.ruleId(), List.of(s.edge().to()), List.of(s.edge())));
    }
    for (List<Edge> pair : opposed) {
      List<LockClass> chain = List.of(pair.get(0).to(), pair.get(1).to());
      if (!gated(List.of(chain.get(0)), pair)) {
        Finding f = finding(Rules.LOCK_ORDER_CYCLE.id(), chain, pair);
        if (f.argumentOrder() && f.confidence() == Finding.Confidence.HIGH) {
          // One method's argument order: a deadlock only if some callers pass the objects swapped.
          f = new Finding(f.rule(), f.chain(), f.edges(), Finding.Confidence.MEDIUM, f.fingerprint());
        }
        out.add(f);
      }
    }
    out.sort(Comparator.comparing((Finding f) -> f.rule().id()).thenComparing(f -> f.chain().size())
        .thenComparing(Finding::chainText));
    return out;
  }

  private static int rank(LockClass c) {
    return switch (c.kind()) {
      case COMPLETION, INIT, BIN -> 0;
      case WORK -> 1;
      default -> 2;
    };
  }

  /** Starts the chain at a waited-for pseudo-lock if any, else at the least name, as lockdep would. */
  static List<LockClass> rotate(List<LockClass> cyc) {
    int best = 0;
    for (int i = 1; i < cyc.size(); i++) {
      LockClass a = cyc.get(i);
      LockClass b = cyc.get(best);
      if (rank(a) < rank(b) || rank(a) == rank(b) && a.key().compareTo(b.key()) < 0) {
        best = i;
      }
    }
    List<LockClass> out = new ArrayList<>(cyc.subList(best, cyc.size()));
    out.addAll(cyc.subList(0, best));
    return out;
  }

  /**
   * One edge per link such that every lock on the cycle sees a conflict; null if none does. With
   * {@code upOrAcross}, only a choice that does not go down a chain of wrappers ({@link
   * #downWrappers}), or null when the search for one runs out of steps (then any choice).
   */
  private static List<Edge> choose(List<LockClass> chain, Map<LockClass, Map<LockClass, List<Edge>>> adj,
      boolean upOrAcross) {
    int n = chain.size();
    List<List<Edge>> options = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Edge> opts = new ArrayList<>(adj.get(chain.get(i)).get(chain.get((i + 1) % n)));
      opts.sort(Comparator.comparing(Edge::timed).thenComparingInt(Edge::guesses).thenComparing((x, y) -> Frame.compare(x.witness().frames(),
          y.witness().frames())).thenComparing(e -> e.from().key() + e.fromMode() + e.to().key() + e.toMode() + e.fromObjects() + e.toObjects()));
      options.add(opts);
    }
    List<Edge> pick = new ArrayList<>();
    int[] budget = {upOrAcross ? MAX_CHOICES : -1};
    if (search(options, 0, pick, budget)) {
      return pick;
    }
    return budget[0] == 0 ? choose(chain, adj, false) : null;
  }

  /** Choices of one edge per link tried for one that does not go down wrappers, per cycle. */
  private static final int MAX_CHOICES = 4096;

  /** {@code budget[0]}: choices left to try for one that does not go down wrappers; -1 for any choice. */
  private static boolean search(List<List<Edge>> options, int i, List<Edge> pick, int[] budget) {
    int n = options.size();
    if (i == n) {
      // Close the loop: the first lock's holder (edge 0) against its arriver (edge n-1). Edges all
      // behind one gate never run at once: another choice may still run.
      if (!meets(pick.get(n - 1), pick.get(0)) || sharedGate(pick)) {
        return false;
      }
      if (budget[0] < 0) {
        return true;
      }
      budget[0]--;
      return !downWrappers(pick);
    }
    for (Edge e : options.get(i)) {
      if (i > 0 && !meets(pick.get(i - 1), e) || budget[0] == 0) {
        continue;
      }
      pick.add(e);
      if (search(options, i + 1, pick, budget)) {
        return true;
      }
      pick.remove(pick.size() - 1);
    }
    return false;
  }

  /**
   * Whether the thread arriving at a lock by {@code in} and the one holding it for {@code out} can
   * meet there: their modes conflict, and the objects may be one (a system session and the users'
   * sessions are one lock class, never one object).
   */
  private static boolean meets(Edge in, Edge out) {
    return in.toMode().conflictsWith(out.fromMode()) && LockObjects.meet(in.toObjects(), out.fromObjects());
  }

  /**
   * Whether every dependency chosen for the cycle, on every stack seen, takes its lock on the held
   * lock's object or on an object it wraps, and at least one always on an object it wraps: the
   * cycle would have to come back up a chain of wrappers, which cannot loop (see {@link
   * Edge#descent}). A cycle is dropped only when every choice whose objects meet at each lock does
   * so: a stack whose lock's objects cannot be the next edge's held ones closes no cycle, however
   * far from the held object it takes its lock (grizzly's reader locks its own input through a
   * record its read queue hands back, an input of a class no wrapper holds).
   */
  private static boolean downWrappers(List<Edge> chosen) {
    boolean down = false;
    for (Edge e : chosen) {
      if (e.descent() == Edge.ANYWHERE) {
        return false;
      }
      down |= e.descent() == Edge.DOWN;
    }
    return down;
  }

  /**
   * Whether every edge is behind one gate ({@link Edge#gates}) that is not a lock of the cycle: a
   * monitor every caller of its method holds, or a one-winner gate. One thread at a time.
   */
  private static boolean sharedGate(List<Edge> chosen) {
    Set<String> common = new HashSet<>(chosen.get(0).gates());
    for (Edge e : chosen) {
      common.retainAll(e.gates());
      common.remove(e.from().key());
      common.remove(e.to().key());
    }
    return !common.isEmpty();
  }

  /**
   * A lock outside the cycle held at every edge, on every stack seen of each (its gates: see
   * GraphBuilder), serializes the threads: no deadlock. One witness's held locks are not enough: a
   * dependency seen both inside and outside the gate can run beside the other order.
   */
  private static boolean gated(List<LockClass> chain, List<Edge> chosen) {
    Set<String> common = new TreeSet<>(chosen.get(0).gates());
    chosen.forEach(e -> common.retainAll(e.gates()));
    chain.forEach(c -> common.remove(c.key()));
    return !common.isEmpty();
  }

  private static Finding finding(String ruleId, List<LockClass> chain, List<Edge> chosen) {
    boolean low = chosen.stream().anyMatch(e -> e.timed() || Finding.signalled(e))
        || chain.stream().anyMatch(c -> c.label().startsWith("unknown identity"));
    boolean notSolid = chosen.stream().anyMatch(e -> e.guesses() > 0 || Finding.deep(e))
        || Finding.atInit(chain)
        || Finding.atBin(chain);
    Finding.Confidence c = low ? Finding.Confidence.LOW : notSolid ? Finding.Confidence.MEDIUM : Finding.Confidence.HIGH;
    return new Finding(Rules.byId(ruleId), chain, chosen, c, fingerprint(ruleId, chain, chosen));
  }

  /** Stable across line moves and unrelated changes: rule, lock classes, acquiring methods. */
  static String fingerprint(String ruleId, List<LockClass> chain, List<Edge> chosen) {
    StringBuilder sb = new StringBuilder(ruleId);
    for (LockClass c : chain) {
      sb.append('|').append(c.key());
    }
    for (Edge e : chosen) {
      var f = e.witness().last();
      sb.append('|').append(f.className()).append('.').append(f.method()).append(f.descriptor());
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
