package dev.lockorder.summary;

import dev.lockorder.graph.Mode;
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

/**
 * The {@code Lock}s a method surely holds at each of its nodes, from its own code alone, as {@link
 * MonitorsHeld} tells its monitors: a {@code lock()} not yet undone on every path, by the lock's
 * path (a read-write lock's by its own, with the side taken). A write side held counts as the read
 * side too, which the same thread may take again. Unsure is "not held": a {@code tryLock}, a call
 * whose code may release a lock (an unlock helper, a lock method's reference: any call of a
 * functional interface), and an unlock the method cannot name, which may be of any of them.
 */
final class LocksHeld {
  /** A lock held on a path, on one side. */
  record Hold(Val lock, Mode mode) {}

  private static final java.util.BitSet NONE = new java.util.BitSet();

  private final Program program;
  private final CallGraph cg;
  private final Map<MethodRef, List<Set<Hold>>> known = new HashMap<>();
  /** By caller, the nodes of its call sites whose targets may let a lock go; made when first asked. */
  private Map<MethodRef, java.util.BitSet> releasing;

  LocksHeld(Program program, CallGraph cg) {
    this.program = program;
    this.cg = cg;
  }

  /** Methods that release a lock themselves, then their callers: the call graph upwards. */
  private Map<MethodRef, java.util.BitSet> releasing() {
    if (releasing != null) {
      return releasing;
    }
    releasing = new HashMap<>();
    Set<MethodRef> may = new HashSet<>();
    ArrayDeque<MethodRef> work = new ArrayDeque<>();
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv && releases(program.effect(inv.method())) && may.add(mf.ref())) {
          work.add(mf.ref());
        }
      }
    }
    while (!work.isEmpty()) {
      MethodRef m = work.poll();
      for (CallGraph.Site s : cg.sites(m)) {
        releasing.computeIfAbsent(s.caller(), k -> new java.util.BitSet()).set(s.node());
      }
      for (MethodRef c : cg.callers(m)) {
        if (may.add(c)) {
          work.add(c);
        }
      }
    }
    return releasing;
  }

  private static boolean releases(Models.Effect e) {
    return e == Models.Effect.RELEASE || e == Models.Effect.STAMPED_RELEASE;
  }

  /** Whether {@code m} surely holds {@code lock} (its own terms, a lock or a read-write lock) on side {@code mode} at {@code node}. */
  boolean at(MethodRef m, int node, Val lock, Mode mode) {
    if (MonitorsHeld.lost(lock)) {
      return false;
    }
    List<Set<Hold>> in = known.computeIfAbsent(m, this::compute);
    return node < in.size() && in.get(node) != null && in.get(node).contains(new Hold(Val.erase(lock), mode));
  }

  private List<Set<Hold>> compute(MethodRef m) {
    MethodFacts mf = program.facts(m);
    if (mf == null || mf.nodes().isEmpty()) {
      return List.of();
    }
    return MonitorsHeld.mustFlow(mf.nodes(), new HashSet<>(), (i, held) -> transfer(m, i, mf.nodes().get(i).op(), held));
  }

  private Set<Hold> transfer(MethodRef m, int i, Op op, Set<Hold> held) {
    if (!(op instanceof Op.Invoke inv)) {
      return held;
    }
    Models.Effect e = program.effect(inv.method());
    if (e == Models.Effect.ACQUIRE && !inv.args().isEmpty()) {
      Set<Hold> out = new HashSet<>(held);
      Hold h = hold(inv.args().get(0));
      out.add(h);
      if (h.mode() == Mode.EXCLUSIVE) {
        out.add(new Hold(h.lock(), Mode.SHARED));
      }
      return out;
    } else if (releases(e) && !inv.args().isEmpty()) {
      Hold h = hold(inv.args().get(0));
      Set<Hold> out = new HashSet<>(held);
      // One unlock undoes one lock: with the side taken twice, or the write side's read, unsure.
      out.removeIf(x -> x.lock().equals(h.lock()));
      return held.stream().anyMatch(x -> x.lock().equals(h.lock())) ? out : new HashSet<>();
    } else if (e == Models.Effect.NONE && (releasing().getOrDefault(m, NONE).get(i)
        || program.lambdasByType().containsKey(inv.method().owner()))) {
      return new HashSet<>();
    }
    return held;
  }

  /** The lock a {@code lock()}/{@code unlock()} receiver names: a read-write lock's side by the lock and the side. */
  private Hold hold(Val recv) {
    if (recv instanceof Val.Call c && !c.args().isEmpty()) {
      Models.Effect e = program.effect(c.method());
      if (e == Models.Effect.READ_VIEW || e == Models.Effect.WRITE_VIEW) {
        return new Hold(Val.erase(c.args().get(0)), e == Models.Effect.READ_VIEW ? Mode.SHARED : Mode.EXCLUSIVE);
      }
    }
    return new Hold(Val.erase(recv), Mode.EXCLUSIVE);
  }
}
