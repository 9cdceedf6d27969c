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

/**
 * Who calls whom among application methods, and its strongly connected components in bottom-up
 * order. Iterative throughout: a call chain 10,000 deep must not overflow the stack.
 */
public final class CallGraph {
  /** In name order, looked up by hash: the component search asks it for every call edge. */
  private final Map<MethodRef, Set<MethodRef>> callees;
  private final Map<MethodRef, Set<MethodRef>> callers = new HashMap<>();
  private final Program program;
  private final Map<MethodRef, List<Site>> sites = new HashMap<>();
  /** Lambda bodies each method hands to outside code ({@link HandedFunctions}), for the order only. */
  private final Map<MethodRef, List<MethodRef>> handed = new HashMap<>();

  /** A call that may run a method: where it is (the caller's node), and what it passes ({@code this} first). */
  record Site(MethodRef caller, int node, List<Val> args) {}

  public CallGraph(Program program) {
    this.program = program;
    // Sorted once at the end (MethodSet, and the methods by name below), not kept sorted while
    // built: tree maps' string comparisons were a tenth of the call graph's time on kafka-clients.
    Map<MethodRef, Set<MethodRef>> callees = new HashMap<>();
    for (MethodFacts mf : program.methods()) {
      Set<MethodRef> out = new HashSet<>();
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          out.addAll(program.targets(inv, mf.ref()));
          out.addAll(RunsNow.targets(inv, program));
          if (!inv.args().isEmpty() && inv.args().get(0) instanceof Val.Lambda l
              && program.facts(l.impl()) != null) {
            out.add(l.impl());
          }
          List<MethodRef> bodies = HandedFunctions.bodies(inv, program);
          if (!bodies.isEmpty()) {
            handed.computeIfAbsent(mf.ref(), k -> new ArrayList<>(1)).addAll(bodies);
          }
        }
      }
      callees.put(mf.ref(), out);
    }
    Map<MethodRef, List<MethodRef>> calledBy = new HashMap<>();
    MethodRef[] byName = callees.keySet().toArray(new MethodRef[0]);
    java.util.Arrays.sort(byName);
    Map<MethodRef, Set<MethodRef>> inOrder = new java.util.LinkedHashMap<>(byName.length * 2);
    for (MethodRef m : byName) {
      Set<MethodRef> out = callees.get(m);
      for (MethodRef c : out) {
        calledBy.computeIfAbsent(c, k -> new ArrayList<>(2)).add(m);
      }
      inOrder.put(m, MethodSet.of(out));
    }
    calledBy.forEach((m, cs) -> callers.put(m, MethodSet.of(cs)));
    this.callees = inOrder;
  }

  /** The methods with a call site that may run {@code m}. */
  Set<MethodRef> callers(MethodRef m) {
    return callers.getOrDefault(m, Set.of());
  }

  /** Every call site that may run {@code m}, callers in name order; computed on first ask. */
  List<Site> sites(MethodRef m) {
    List<Site> known = sites.get(m);
    if (known != null) {
      return known;
    }
    List<Site> out = new ArrayList<>();
    for (MethodRef c : callers(m)) { // in name order
      List<Node> nodes = program.facts(c).nodes();
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).op() instanceof Op.Invoke inv && program.targets(inv, c).contains(m)) {
          out.add(new Site(c, i, inv.args()));
        }
      }
    }
    sites.put(m, out);
    return out;
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

  /**
   * Strongly connected components, callees first, each sorted. A function handed to outside code
   * is no callee, but what it lets go of is read at the hand-off ({@link HandedFunctions}): its
   * component comes before the hander's too, unless a call path back from it makes that impossible.
   * The hand-offs only order components, never join them: a component of recursive calls is
   * analyzed to a fixpoint, and joining unrelated ones into one lost camel's edges.
   */
  public List<List<MethodRef>> sccsBottomUp() {
    // Calls to methods without facts are not nodes.
    List<List<MethodRef>> calls = dev.lockorder.graph.Tarjan.components(callees.keySet(),
        m -> callees(m).stream().filter(callees::containsKey).toList());
    calls.forEach(scc -> scc.sort(null));
    if (handed.isEmpty()) {
      return calls;
    }
    Map<MethodRef, Integer> at = new HashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      for (MethodRef m : calls.get(i)) {
        at.put(m, i);
      }
    }
    List<List<MethodRef>> ordered = dev.lockorder.graph.Tarjan.components(callees.keySet(), m -> {
      List<MethodRef> bodies = handed.get(m);
      if (bodies == null) {
        return callees(m).stream().filter(callees::containsKey).toList();
      }
      List<MethodRef> next = new ArrayList<>(callees(m));
      next.addAll(bodies);
      return next.stream().filter(callees::containsKey).toList();
    });
    // Each call component lies within one ordered component; within it, the calls' own order holds.
    List<List<MethodRef>> out = new ArrayList<>(calls.size());
    for (List<MethodRef> group : ordered) {
      java.util.TreeSet<Integer> parts = new java.util.TreeSet<>();
      group.forEach(m -> parts.add(at.get(m)));
      parts.forEach(i -> out.add(calls.get(i)));
    }
    return out;
  }
}
