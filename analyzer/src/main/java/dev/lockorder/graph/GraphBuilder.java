package dev.lockorder.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects edges as the summary stage finds them. Keeps one edge per (from, mode, to, mode), with
 * the shortest witness and a count of the distinct others, so that the same dependency reached by
 * several paths is reported once. Thread-confined: the summary stage calls it from one thread.
 */
public final class GraphBuilder {
  private final Map<String, Edge> edges = new TreeMap<>();
  private final Map<String, SelfDeadlock> selfs = new TreeMap<>();
  /**
   * Where each dependency was seen to run, for every witness, not only the one kept: {@code
   * m:Class.method(desc)} for the method a witness starts in, {@code t:key} for a task of the
   * executor whose completion is held.
   */
  private final Map<String, java.util.Set<String>> origins = new HashMap<>();
  /** Hashes of the distinct witness stacks seen per edge key: counted, not kept. */
  private final Map<String, java.util.Set<Integer>> seen = new HashMap<>();

  /**
   * A lock taken again by its holder where that blocks: a read-to-write upgrade, or a
   * non-reentrant lock.
   *
   * @param ruleId the rule it breaks
   * @param edge the held lock to itself, with the witness of the second acquisition
   */
  public record SelfDeadlock(String ruleId, Edge edge) {}

  public void add(Edge e) {
    e = distinctHeld(e);
    String k = key(e);
    descent.merge(k, e.descent(), Math::min);
    gates.merge(k, heldGates(e), GraphBuilder::both);
    String dep = dependency(e);
    seen.computeIfAbsent(dep, x -> new HashSet<>()).add(e.witness().frames().hashCode());
    origins.computeIfAbsent(dep, x -> new HashSet<>(2)).add(origin(e));
    Edge old = edges.get(k);
    if (old == null || better(e, old)) {
      edges.put(k, e);
    }
  }

  /**
   * The edge's gates and the locks this stack holds exclusively outside {@code from}: a gate lock
   * counts only if every stack of the dependency holds it, not only the witness kept (a longer path
   * taking the same two locks without it still runs beside the other order).
   */
  private static List<String> heldGates(Edge e) {
    java.util.Set<String> out = new java.util.TreeSet<>(e.gates());
    for (HeldLock h : e.held()) {
      if (h.mode() == Mode.EXCLUSIVE && !h.lock().key().equals(e.from().key())) {
        out.add(h.lock().key());
      }
    }
    return List.copyOf(out);
  }

  /** Per dependency, the gates every stack seen had ({@link Edge#gates}): one path without a gate keeps none. */
  private final Map<String, List<String>> gates = new HashMap<>();

  private static List<String> both(List<String> a, List<String> b) {
    if (a.equals(b)) {
      return a;
    }
    List<String> out = new ArrayList<>(a);
    out.retainAll(b);
    return out;
  }

  /** Per dependency, the least descent of any stack seen ({@link Edge#descent}). */
  private final Map<String, Integer> descent = new HashMap<>();

  /**
   * Two objects of one lock class, the second reached from the first's owner through {@code field}
   * ({@code declarer.name}) while the first is held: {@code this} then {@code this.child}. Kept per
   * lock class and field, with the best witness.
   */
  public void addNested(String field, Edge e) {
    e = distinctHeld(e);
    Map<String, Edge> byField = nested.computeIfAbsent(e.to().key(), k -> new TreeMap<>());
    Edge old = byField.get(field);
    List<String> g = old == null ? heldGates(e) : both(old.gates(), heldGates(e));
    byField.put(field, (old == null || better(e, old) ? e : old).withGates(g));
  }

  private final Map<String, Map<String, Edge>> nested = new TreeMap<>();

  /**
   * Two of one method's parameters of one lock class, one taken while the other is held ({@code
   * arguments} names them and the method): opposed by itself, as two threads may call the method
   * with the objects the other way round. Kept per lock class and arguments, with the best witness.
   */
  public void addArgumentOrder(String arguments, Edge e) {
    e = distinctHeld(e);
    Map<String, Edge> byArgs = argumentOrders.computeIfAbsent(e.to().key(), k -> new TreeMap<>());
    Edge old = byArgs.get(arguments);
    List<String> g = old == null ? heldGates(e) : both(old.gates(), heldGates(e));
    byArgs.put(arguments, (old == null || better(e, old) ? e : old).withGates(g));
  }

  private final Map<String, Map<String, Edge>> argumentOrders = new TreeMap<>();

  /**
   * Pairs of nestings of one lock class that go opposite ways: along a field, and back along the
   * field that always points from the object in it to the object holding it ({@code inverse}
   * decides, child field first). Each pair is a cycle of two objects of one class: one thread
   * holds a parent and waits for its child, another holds the child and waits for its parent.
   */
  public List<List<Edge>> opposedNestings(java.util.function.BiPredicate<String, String> inverse) {
    List<List<Edge>> out = new ArrayList<>();
    for (Map<String, Edge> byArgs : argumentOrders.values()) {
      byArgs.values().forEach(e -> out.add(List.of(e, e))); // the same code, the arguments swapped
    }
    for (Map<String, Edge> byField : nested.values()) {
      for (var down : byField.entrySet()) {
        for (var up : byField.entrySet()) {
          if (!down.getKey().equals(up.getKey()) && inverse.test(down.getKey(), up.getKey())) {
            out.add(List.of(down.getValue(), up.getValue()));
          }
        }
      }
    }
    return out;
  }

  public void addSelf(String ruleId, Edge e) {
    e = distinctHeld(e);
    String k = ruleId + "|" + e.to().key();
    SelfDeadlock old = selfs.get(k);
    if (old == null || better(e, old.edge())) {
      selfs.put(k, new SelfDeadlock(ruleId, e));
    }
  }

  /**
   * Each held lock class once, at its outermost acquisition (re-entry adds nothing a reader needs,
   * and a recursive path can hold one lock class hundreds of times); the innermost, {@code from},
   * stays last.
   */
  private static Edge distinctHeld(Edge e) {
    List<HeldLock> held = e.held();
    int n = held.size();
    List<HeldLock> out = new ArrayList<>(n);
    java.util.Set<String> keys = new HashSet<>();
    HeldLock top = held.get(n - 1);
    String topKey = top.lock().key() + top.mode();
    for (int i = 0; i < n - 1; i++) {
      HeldLock h = held.get(i);
      String k = h.lock().key() + h.mode();
      if (!k.equals(topKey) && keys.add(k)) {
        out.add(h);
      }
    }
    if (out.size() == n - 1) {
      return e;
    }
    out.add(top);
    return new Edge(e.from(), e.fromMode(), e.to(), e.toMode(), e.witness(), out, e.timed()).withDescent(e.descent())
        .withObjects(e.fromObjects(), e.toObjects()).withGates(e.gates());
  }

  /**
   * One dependency: both lock classes, both modes, whether the wait is timed, and the objects each
   * end may be (kept apart, so that a cycle can be made of edges whose objects meet).
   */
  private static String key(Edge e) {
    return dependency(e) + (e.fromObjects() == null ? "" : "|f" + e.fromObjects())
        + (e.toObjects() == null ? "" : "|t" + e.toObjects());
  }

  /** The dependency whatever the objects: its witnesses are counted, and its origins kept, together. */
  private static String dependency(Edge e) {
    return e.from().key() + "|" + e.fromMode() + "|" + e.to().key() + "|" + e.toMode() + "|" + e.timed();
  }

  private static String origin(Edge e) {
    for (int i = e.held().size() - 1; i >= 0; i--) {
      if (e.held().get(i).lock().kind() == LockClass.Kind.COMPLETION) {
        return "t:" + e.held().get(i).lock().key();
      }
    }
    Frame f = e.witness().first();
    return "m:" + f.className().replace('.', '/') + "." + f.method() + f.descriptor();
  }

  /** Where the dependency of {@code e} was seen to run (see {@link #origins}). */
  public java.util.Set<String> origins(Edge e) {
    return origins.getOrDefault(dependency(e), java.util.Set.of());
  }

  private static boolean better(Edge a, Edge b) {
    // A witness whose calls all went where objects were seen going beats a shorter guess.
    int ga = a.guesses();
    int gb = b.guesses();
    if (ga != gb) {
      return ga < gb;
    }
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
    // Same stacks, other objects named (two paths to one class's monitor): the first in name order.
    return java.util.Objects.compare(a.witness().object(), b.witness().object(),
        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())) < 0;
  }

  public List<Edge> edges() {
    List<Edge> out = new ArrayList<>(edges.size());
    for (Map.Entry<String, Edge> en : edges.entrySet()) {
      out.add(en.getValue().withWitnesses(seen.get(dependency(en.getValue())).size())
          .withDescent(descent.get(en.getKey())).withGates(gates.get(en.getKey())));
    }
    return out;
  }

  public List<SelfDeadlock> selfDeadlocks() {
    return new ArrayList<>(selfs.values());
  }
}
