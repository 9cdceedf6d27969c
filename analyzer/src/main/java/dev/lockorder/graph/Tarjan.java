package dev.lockorder.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Tarjan's strongly connected components, without recursion (call chains and lock graphs can be
 * deeper than the stack). Components come out in reverse topological order: a component before any
 * that reaches it. Deterministic for a deterministic node order and successor lists.
 */
public final class Tarjan {
  private Tarjan() {}

  public static <T> List<List<T>> components(Iterable<T> nodes, Function<T, ? extends Iterable<T>> successors) {
    Map<T, Integer> index = new HashMap<>();
    Map<T, Integer> low = new HashMap<>();
    Set<T> onStack = new HashSet<>();
    ArrayDeque<T> stack = new ArrayDeque<>();
    List<List<T>> out = new ArrayList<>();
    int counter = 0;
    for (T start : nodes) {
      if (index.containsKey(start)) {
        continue;
      }
      ArrayDeque<Map.Entry<T, Iterator<T>>> work = new ArrayDeque<>();
      index.put(start, counter);
      low.put(start, counter++);
      stack.push(start);
      onStack.add(start);
      work.push(Map.entry(start, successors.apply(start).iterator()));
      while (!work.isEmpty()) {
        T v = work.peek().getKey();
        Iterator<T> it = work.peek().getValue();
        if (it.hasNext()) {
          T w = it.next();
          if (!index.containsKey(w)) {
            index.put(w, counter);
            low.put(w, counter++);
            stack.push(w);
            onStack.add(w);
            work.push(Map.entry(w, successors.apply(w).iterator()));
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
        } else {
          work.pop();
          if (!work.isEmpty()) {
            T parent = work.peek().getKey();
            low.put(parent, Math.min(low.get(parent), low.get(v)));
          }
          if (low.get(v).equals(index.get(v))) {
            List<T> component = new ArrayList<>();
            T w;
            do {
              w = stack.pop();
              onStack.remove(w);
              component.add(w);
            } while (!w.equals(v));
            out.add(component);
          }
        }
      }
    }
    return out;
  }
}
