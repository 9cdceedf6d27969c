package dev.lockorder.summary;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The graph {@link TypeFlow} propagates over: nodes by key, each with a {@link TypeSet}, edges
 * along which sets flow, guarded edges that open once a receiver node holds a class that runs the
 * guarded target (how a call reaches a method only for the objects that dispatch there), and the
 * numbering of the types the sets hold. Propagation is a worklist to the least fixpoint; sets only
 * grow and edges only open, so it ends. Nodes and edges added after the first propagation (while
 * values are being looked up) are settled on the next {@link #settle}.
 *
 * @param <K> node keys
 */
final class FlowGraph<K> {
  private final KeyIds<K> keys = new KeyIds<>();
  private final List<TypeSet> sets = new ArrayList<>();
  /** Per node: its successors' count in slot 0, then the successors; null for none. */
  private final List<int[]> succs = new ArrayList<>();
  /** Per node: the guards waiting on it, or null; by index, not a map of boxed ids asked on every change. */
  private final List<List<Guard>> guards = new ArrayList<>();
  /** Per node: edges that pass its set on, but pass "anything" on as one type (see {@link #narrowing}). */
  private final Map<Integer, List<int[]>> narrowings = new HashMap<>();
  /** The nodes {@link #narrowings} has edges from: the worklist asks this, not the map. */
  private final BitSet narrowsFrom = new BitSet();
  /** Per node: the only types it can hold, where the code proves it (a constructor's cast parameter). */
  private final Map<Integer, IntPredicate> restrictions = new HashMap<>();
  private final BitSet restricted = new BitSet();
  private final Map<Object, Integer> typeIds = new HashMap<>();
  private final List<Object> types = new ArrayList<>();
  private final ArrayDeque<Integer> work = new ArrayDeque<>();
  private final BitSet queued = new BitSet();
  private Function<K, TypeSet> seed;
  private boolean live;

  /** Edges {@code from[i] -> to[i]} that open when the receiver node holds a type {@code ok} accepts. */
  private record Guard(IntPredicate ok, int[] from, int[] to, boolean knownOnly) {}

  /** The node for {@code k}, made on first use (with its seed, once seeds are known). */
  int node(K k) {
    int id = keys.find(k);
    if (id < 0) {
      id = keys.add(k);
      sets.add(TypeSet.EMPTY);
      succs.add(null);
      guards.add(null);
      if (seed != null) {
        add(id, seed.apply(k));
      }
    }
    return id;
  }

  /** The node for {@code k}, or -1 if none was made. */
  int find(K k) {
    return keys.find(k);
  }

  TypeSet set(int n) {
    return sets.get(n);
  }

  void add(int n, TypeSet s) {
    TypeSet before = sets.get(n);
    TypeSet after = before.union(restricted.get(n) ? s.filter(restrictions.get(n)) : s);
    if (after != before) {
      sets.set(n, after);
      changed(n, before);
    }
  }

  void edge(int from, int to) {
    if (from == to) {
      return;
    }
    int[] out = succs.get(from);
    if (out == null || out[0] + 1 == out.length) {
      out = out == null ? new int[3] : java.util.Arrays.copyOf(out, out.length * 2);
      succs.set(from, out);
    }
    out[++out[0]] = to;
    if (live && !sets.get(from).isEmpty()) {
      // Only along the new edge: re-pushing a hub's set to all its successors made each lookup
      // after the first propagation cost as much as the hub's fan-out (spark-core's closure).
      add(to, sets.get(from));
    }
  }

  /**
   * An edge along which known types flow as they are, and "anything" ({@link TypeSet#ANY}) flows as
   * type {@code asType} alone: what a JDK method hands back from an object the flow cannot see is
   * the JDK's own object, as it is from one the flow can see.
   */
  void narrowing(int from, int to, int asType) {
    narrowings.computeIfAbsent(from, k -> new ArrayList<>()).add(new int[] {to, asType});
    narrowsFrom.set(from);
    if (live && !sets.get(from).isEmpty()) {
      add(to, narrowed(sets.get(from), asType));
    }
  }

  private static TypeSet narrowed(TypeSet s, int asType) {
    return s.isAny() ? TypeSet.of(asType) : s;
  }

  /**
   * Node {@code n} holds only types {@code keep} accepts, whatever flows in ("anything" stays so).
   * Given before the first propagation.
   */
  void restrict(int n, IntPredicate keep) {
    restrictions.put(n, keep);
    restricted.set(n);
    sets.set(n, sets.get(n).filter(keep));
  }

  /** An edge that opens once {@code receiver} holds a type that {@code ok} accepts (or anything unknown). */
  void guard(int receiver, IntPredicate ok, int from, int to) {
    guard(receiver, ok, new int[] {from}, new int[] {to});
  }

  /** Several edges behind one guard: one call's arguments into one target's parameters. */
  void guard(int receiver, IntPredicate ok, int[] from, int[] to) {
    guard(receiver, ok, from, to, false);
  }

  /**
   * As {@link #guard(int, IntPredicate, int[], int[])}; with {@code knownOnly}, "anything" at the
   * receiver does not open the edges: only a type {@code ok} accepts does (a target the class
   * hierarchy alone would not give).
   */
  void guard(int receiver, IntPredicate ok, int[] from, int[] to, boolean knownOnly) {
    TypeSet s = sets.get(receiver);
    if (knownOnly ? !s.isAny() && satisfied(s, ok) : satisfied(s, ok)) {
      for (int i = 0; i < from.length; i++) {
        edge(from[i], to[i]);
      }
    } else {
      if (guards.get(receiver) == null) {
        guards.set(receiver, new ArrayList<>());
      }
      guards.get(receiver).add(new Guard(ok, from, to, knownOnly));
    }
  }

  int typeId(Object t) {
    Integer id = typeIds.get(t);
    if (id == null) {
      id = types.size();
      typeIds.put(t, id);
      types.add(t);
    }
    return id;
  }

  Object type(int id) {
    return types.get(id);
  }

  /** Gives every node made so far, and every node made from now on, what {@code seed} says it holds. */
  void seed(Function<K, TypeSet> seed) {
    this.seed = seed;
    for (int i = 0; i < keys.size(); i++) {
      add(i, seed.apply(keys.key(i)));
    }
  }

  /** The first propagation: everything known flows everywhere it can. */
  void propagate() {
    live = true;
    for (int i = 0; i < keys.size(); i++) {
      if (!sets.get(i).isEmpty()) {
        enqueue(i);
      }
    }
    settle();
  }

  /** Runs the worklist until nothing changes. */
  void settle() {
    int polled = 0;
    while (!work.isEmpty()) {
      if ((++polled & 0xFFFF) == 0) {
        dev.lockorder.HeapWatch.check();
      }
      int n = work.poll();
      queued.clear(n);
      TypeSet s = sets.get(n);
      if (narrowsFrom.get(n)) {
        for (int[] e : narrowings.get(n)) {
          add(e[0], narrowed(s, e[1]));
        }
      }
      int[] out = succs.get(n);
      if (out == null) {
        continue;
      }
      for (int i = 1; i <= out[0]; i++) {
        int m = out[i];
        TypeSet before = sets.get(m);
        TypeSet after = before.union(restricted.get(m) ? s.filter(restrictions.get(m)) : s);
        if (after != before) {
          sets.set(m, after);
          changed(m, before);
        }
      }
    }
  }

  /** A node's set grew from {@code before}: guards are tested on the types it gained, once each. */
  private void changed(int n, TypeSet before) {
    List<Guard> pending = guards.get(n);
    if (pending != null) {
      TypeSet s = sets.get(n);
      int[] gained = s.isAny() ? null : minus(s.ids(), before.isAny() ? new int[0] : before.ids());
      List<Guard> keep = new ArrayList<>();
      for (Guard g : pending) {
        if (gained == null ? !g.knownOnly() : any(gained, g.ok())) {
          // Before the first propagation there is nothing to push: it starts from every node.
          for (int i = 0; i < g.from().length; i++) {
            edge(g.from()[i], g.to()[i]);
          }
        } else {
          keep.add(g);
        }
      }
      if (keep.isEmpty()) {
        guards.set(n, null);
      } else if (keep.size() < pending.size()) {
        guards.set(n, keep);
      }
    }
    if (live) {
      enqueue(n);
    }
  }

  private void enqueue(int n) {
    if ((succs.get(n) != null || narrowsFrom.get(n)) && !queued.get(n)) {
      queued.set(n);
      work.add(n);
    }
  }

  private static int[] minus(int[] after, int[] before) {
    int[] out = new int[after.length];
    int n = 0;
    int j = 0;
    for (int x : after) {
      while (j < before.length && before[j] < x) {
        j++;
      }
      if (j >= before.length || before[j] != x) {
        out[n++] = x;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static boolean any(int[] ids, IntPredicate ok) {
    for (int id : ids) {
      if (ok.test(id)) {
        return true;
      }
    }
    return false;
  }

  private static boolean satisfied(TypeSet s, IntPredicate ok) {
    if (s.isAny()) {
      return true;
    }
    for (int id : s.ids()) {
      if (ok.test(id)) {
        return true;
      }
    }
    return false;
  }
}
