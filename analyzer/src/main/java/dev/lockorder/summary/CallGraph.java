package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who calls whom among application methods, and its strongly connected components in bottom-up
 * order. Iterative throughout: a call chain 10,000 deep must not overflow the stack.
 */
public final class CallGraph {
  private final Map<MethodRef, Set<MethodRef>> callees = new TreeMap<>();
  private final Map<MethodRef, Set<MethodRef>> callers = new HashMap<>();

  public CallGraph(Program program) {
    for (MethodFacts mf : program.methods()) {
      Set<MethodRef> out = new TreeSet<>();
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          out.addAll(program.targets(inv));
          if (!inv.args().isEmpty() && inv.args().get(0) instanceof Val.Lambda l
              && program.facts(l.impl()) != null) {
            out.add(l.impl());
          }
        }
      }
      callees.put(mf.ref(), out);
    }
    for (var e : callees.entrySet()) {
      for (MethodRef c : e.getValue()) {
        callers.computeIfAbsent(c, k -> new HashSet<>()).add(e.getKey());
      }
    }
  }

  public Set<MethodRef> callees(MethodRef m) {
    return callees.getOrDefault(m, Set.of());
  }

  /** Every call edge, as {@code caller -> callee}, for cross-checks. */
  public Map<MethodRef, Set<MethodRef>> edges() {
    return callees;
  }

  public boolean hasOutsideCaller(MethodRef m, Collection<MethodRef> scc) {
    for (MethodRef c : callers.getOrDefault(m, Set.of())) {
      if (!scc.contains(c)) {
        return true;
      }
    }
    return false;
  }

  /** Tarjan's algorithm without recursion; components come callees first. */
  public List<List<MethodRef>> sccsBottomUp() {
    Map<MethodRef, Integer> index = new HashMap<>();
    Map<MethodRef, Integer> low = new HashMap<>();
    Set<MethodRef> onStack = new HashSet<>();
    ArrayDeque<MethodRef> stack = new ArrayDeque<>();
    List<List<MethodRef>> out = new ArrayList<>();
    int[] counter = {0};
    for (MethodRef start : callees.keySet()) {
      if (index.containsKey(start)) {
        continue;
      }
      ArrayDeque<Object[]> work = new ArrayDeque<>();
      work.push(new Object[] {start, new ArrayList<>(callees(start)).iterator()});
      index.put(start, counter[0]);
      low.put(start, counter[0]++);
      stack.push(start);
      onStack.add(start);
      while (!work.isEmpty()) {
        Object[] top = work.peek();
        MethodRef v = (MethodRef) top[0];
        @SuppressWarnings("unchecked")
        java.util.Iterator<MethodRef> it = (java.util.Iterator<MethodRef>) top[1];
        if (it.hasNext()) {
          MethodRef w = it.next();
          if (!callees.containsKey(w)) {
            continue;
          }
          if (!index.containsKey(w)) {
            index.put(w, counter[0]);
            low.put(w, counter[0]++);
            stack.push(w);
            onStack.add(w);
            work.push(new Object[] {w, new ArrayList<>(callees(w)).iterator()});
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
        } else {
          work.pop();
          if (!work.isEmpty()) {
            MethodRef parent = (MethodRef) work.peek()[0];
            low.put(parent, Math.min(low.get(parent), low.get(v)));
          }
          if (low.get(v).equals(index.get(v))) {
            List<MethodRef> scc = new ArrayList<>();
            MethodRef w;
            do {
              w = stack.pop();
              onStack.remove(w);
              scc.add(w);
            } while (!w.equals(v));
            scc.sort(null);
            out.add(scc);
          }
        }
      }
    }
    return out;
  }
}
