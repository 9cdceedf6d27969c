package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The monitors a method surely holds at each of its nodes, from its own code alone: being
 * synchronized, and its {@code monitorenter}s not yet exited on every path. A must-analysis
 * (intersection at joins), so it only ever says "held" where every path took the monitor; what a
 * callee leaves held is not seen, nor {@code Lock}s (both read as "not held"). Asked by {@link
 * EntryHeld} for the few call sites an acquisition's re-entry depends on, before the caller's own
 * summary exists.
 */
final class MonitorsHeld {
  private final Program program;
  private final Map<MethodRef, List<Set<Val>>> known = new HashMap<>();

  MonitorsHeld(Program program) {
    this.program = program;
  }

  /**
   * Whether {@code m} surely holds the monitor of {@code lock} (its own terms) at node {@code node}.
   * Never for a path through a value the method lost: erased, every lost value is one unknown, and
   * a monitor held on one would vouch for another.
   */
  boolean at(MethodRef m, int node, Val lock) {
    if (lost(lock)) {
      return false;
    }
    List<Set<Val>> in = known.computeIfAbsent(m, this::compute);
    if (node >= in.size() || in.get(node) == null) {
      return false;
    }
    return in.get(node).contains(Val.erase(lock));
  }

  /** The monitors (erased paths, {@link Val#erase}) that {@code m} surely holds at {@code node}. */
  Set<Val> heldAt(MethodRef m, int node) {
    List<Set<Val>> in = known.computeIfAbsent(m, this::compute);
    return node < in.size() && in.get(node) != null ? in.get(node) : Set.of();
  }

  /** Whether a path goes through a value whose origin was lost (a join the bytecode reader left unknown). */
  static boolean lost(Val v) {
    if (v instanceof Val.Unknown) {
      return true;
    } else if (v instanceof Val.Field f) {
      return lost(f.base());
    } else if (v instanceof Val.Elem e) {
      return lost(e.array());
    } else if (v instanceof Val.Call c) {
      return c.args().stream().anyMatch(MonitorsHeld::lost);
    }
    return false;
  }

  private List<Set<Val>> compute(MethodRef m) {
    MethodFacts mf = program.facts(m);
    if (mf == null || mf.nodes().isEmpty()) {
      return List.of();
    }
    Set<Val> entry = new HashSet<>();
    if (mf.isSynchronized() && !mf.isStatic()) {
      entry.add(Val.erase(new Val.Param(0, "")));
    }
    return mustFlow(mf.nodes(), entry, (i, held) -> transfer(mf.nodes().get(i).op(), held));
  }

  /**
   * What every path to each node holds: {@code transfer} from the entry set, intersected at joins;
   * an exception may leave a node before or after its effect. Empty when it does not settle.
   */
  static <T> List<Set<T>> mustFlow(List<Node> nodes, Set<T> entry, BiFunction<Integer, Set<T>, Set<T>> transfer) {
    @SuppressWarnings("unchecked")
    Set<T>[] in = new Set[nodes.size()];
    in[0] = entry;
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(0);
    int budget = 16 * nodes.size() + 16;
    while (!work.isEmpty() && budget-- > 0) {
      int i = work.poll();
      Node n = nodes.get(i);
      Set<T> after = transfer.apply(i, in[i]);
      flow(in, n.succs(), after, work);
      flow(in, n.alt(), after, work);
      Set<T> thrown = new HashSet<>(in[i]);
      thrown.retainAll(after);
      flow(in, n.exc(), thrown, work);
    }
    if (budget <= 0) {
      return List.of(); // not settled: nothing is surely held
    }
    return java.util.Arrays.asList(in);
  }

  private static Set<Val> transfer(Op op, Set<Val> held) {
    if (op instanceof Op.MonitorEnter e) {
      Set<Val> out = new HashSet<>(held);
      out.add(Val.erase(e.lock()));
      return out;
    } else if (op instanceof Op.MonitorExit x) {
      Set<Val> out = new HashSet<>(held);
      // An exit of a monitor it cannot name may be any of them: nothing is surely held after it.
      if (!out.remove(Val.erase(x.lock()))) {
        out.clear();
      }
      return out;
    }
    return held;
  }

  private static <T> void flow(Set<T>[] in, int[] succs, Set<T> state, ArrayDeque<Integer> work) {
    for (int s : succs) {
      Set<T> old = in[s];
      if (old == null) {
        in[s] = new HashSet<>(state);
        work.add(s);
      } else if (old.retainAll(state)) {
        work.add(s);
      }
    }
  }
}
