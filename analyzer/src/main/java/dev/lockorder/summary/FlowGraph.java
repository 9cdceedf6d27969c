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
  private final Map<K, Integer> ids = new HashMap<>();
  private final List<K> keys = new ArrayList<>();
  private final List<TypeSet> sets = new ArrayList<>();
  private final List<int[]> succs = new ArrayList<>();
  private final List<int[]> succCounts = new ArrayList<>();
  private final Map<Integer, List<Guard>> guards = new HashMap<>();
  private final Map<Object, Integer> typeIds = new HashMap<>();
  private final List<Object> types = new ArrayList<>();
  private final ArrayDeque<Integer> work = new ArrayDeque<>();
  private final BitSet queued = new BitSet();
  private Function<K, TypeSet> seed;
  private boolean live;

  /** An edge {@code from -> to} that opens when the receiver node holds a type {@code ok} accepts. */
  private record Guard(IntPredicate ok, int from, int to) {}

  /** The node for {@code k}, made on first use (with its seed, once seeds are known). */
  int node(K k) {
    Integer id = ids.get(k);
    if (id == null) {
      id = keys.size();
      ids.put(k, id);
      keys.add(k);
      sets.add(TypeSet.EMPTY);
      succs.add(null);
      succCounts.add(null);
      if (seed != null) {
        add(id, seed.apply(k));
      }
    }
    return id;
  }

  /** The node for {@code k}, or -1 if none was made. */
  int find(K k) {
    Integer id = ids.get(k);
    return id == null ? -1 : id;
  }

  TypeSet set(int n) {
    return sets.get(n);
  }

  void add(int n, TypeSet s) {
    TypeSet before = sets.get(n);
    TypeSet after = before.union(s);
    if (after != before) {
      sets.set(n, after);
      changed(n);
    }
  }

  void edge(int from, int to) {
    if (from == to) {
      return;
    }
    int[] out = succs.get(from);
    int count = out == null ? 0 : succCounts.get(from)[0];
    if (out == null || count == out.length) {
      out = java.util.Arrays.copyOf(out == null ? new int[0] : out, Math.max(2, count * 2));
      succs.set(from, out);
      succCounts.set(from, new int[] {count});
    }
    out[count] = to;
    succCounts.get(from)[0] = count + 1;
    if (live && !sets.get(from).isEmpty()) {
      enqueue(from);
    }
  }

  /** An edge that opens once {@code receiver} holds a type that {@code ok} accepts (or anything unknown). */
  void guard(int receiver, IntPredicate ok, int from, int to) {
    if (satisfied(sets.get(receiver), ok)) {
      edge(from, to);
    } else {
      guards.computeIfAbsent(receiver, k -> new ArrayList<>()).add(new Guard(ok, from, to));
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
      add(i, seed.apply(keys.get(i)));
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
    while (!work.isEmpty()) {
      int n = work.poll();
      queued.clear(n);
      int[] out = succs.get(n);
      if (out == null) {
        continue;
      }
      TypeSet s = sets.get(n);
      int count = succCounts.get(n)[0];
      for (int i = 0; i < count; i++) {
        int m = out[i];
        TypeSet before = sets.get(m);
        TypeSet after = before.union(s);
        if (after != before) {
          sets.set(m, after);
          changed(m);
        }
      }
    }
  }

  private void changed(int n) {
    List<Guard> pending = guards.get(n);
    if (pending != null) {
      TypeSet s = sets.get(n);
      List<Guard> keep = new ArrayList<>();
      for (Guard g : pending) {
        if (satisfied(s, g.ok())) {
          edge(g.from(), g.to());
          if (!sets.get(g.from()).isEmpty()) {
            enqueue(g.from());
          }
        } else {
          keep.add(g);
        }
      }
      if (keep.isEmpty()) {
        guards.remove(n);
      } else if (keep.size() < pending.size()) {
        guards.put(n, keep);
      }
    }
    if (live) {
      enqueue(n);
    }
  }

  private void enqueue(int n) {
    if (succs.get(n) != null && !queued.get(n)) {
      queued.set(n);
      work.add(n);
    }
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
