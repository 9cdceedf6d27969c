package dev.lockorder.summary;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The graph {@link TypeFlow} propagates over: nodes by key, each with a {@link TypeSet}, edges
 * along which sets flow, and the numbering of the types the sets hold. Propagation is a plain
 * worklist to the least fixpoint; sets only grow, so it ends.
 *
 * @param <K> node keys
 */
final class FlowGraph<K> {
  private final Map<K, Integer> ids = new HashMap<>();
  private final List<K> keys = new ArrayList<>();
  private final List<TypeSet> sets = new ArrayList<>();
  private final List<List<Integer>> succs = new ArrayList<>();
  private final Map<Object, Integer> typeIds = new HashMap<>();
  private final List<Object> types = new ArrayList<>();
  private Function<K, TypeSet> seed;

  /** The node for {@code k}, made on first use (with its seed, once seeds are known). */
  int node(K k) {
    Integer id = ids.get(k);
    if (id == null) {
      id = keys.size();
      ids.put(k, id);
      keys.add(k);
      sets.add(seed != null ? seed.apply(k) : TypeSet.EMPTY);
      succs.add(null);
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
    sets.set(n, sets.get(n).union(s));
  }

  void edge(int from, int to) {
    if (from == to) {
      return;
    }
    List<Integer> out = succs.get(from);
    if (out == null) {
      out = new ArrayList<>(2);
      succs.set(from, out);
    }
    out.add(to);
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

  void propagate() {
    ArrayDeque<Integer> work = new ArrayDeque<>();
    boolean[] queued = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      if (!sets.get(i).isEmpty() && succs.get(i) != null) {
        work.add(i);
        queued[i] = true;
      }
    }
    while (!work.isEmpty()) {
      int n = work.poll();
      queued[n] = false;
      TypeSet s = sets.get(n);
      for (int m : succs.get(n)) {
        TypeSet before = sets.get(m);
        TypeSet after = before.union(s);
        if (after != before) {
          sets.set(m, after);
          if (succs.get(m) != null && !queued[m]) {
            queued[m] = true;
            work.add(m);
          }
        }
      }
    }
  }
}
