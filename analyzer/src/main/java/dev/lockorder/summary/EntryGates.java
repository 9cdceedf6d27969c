package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Monitors a method holds on entry because every caller does: a method that only the program's own
 * call sites run, none of them from outside its package, each holding the monitor at the call
 * (being synchronized, or inside {@code synchronized (x)}) or holding it on its own entry in turn.
 * undertow's sink channel runs {@code flushComplete} only from its channel's synchronized {@code
 * flushSenders}: what the sink locks there, it locks inside the channel's monitor. Two uses:
 * taking that monitor again there is re-entry, and a cycle each of whose edges is taken inside one
 * such monitor is gated by it, as by a lock the method takes itself (the cycle filter's shared
 * gate, {@code Edge.gates}).
 *
 * <p>Named by lock class, as held locks are: two objects of one class count as one gate, the
 * approximation the cycle filter already makes for the locks a method holds itself. {@code
 * Lock}s and monitors named through a caller's parameter do not count (nothing is then held).
 */
final class EntryGates {
  private static final int PUBLIC_OR_PROTECTED = 0x0001 | 0x0004;

  private final Program program;
  private final CallGraph cg;
  private final LockNamer namer;
  private final Predicate<MethodRef> onlyCalledInside;
  private final MonitorsHeld monitors;
  private final Map<MethodRef, Map<String, LockClass>> known = new HashMap<>();
  private final Set<MethodRef> open = new HashSet<>();
  /** Methods whose handle some code takes (a method reference, even one returned or put in an array). */
  private final Set<MethodRef> handled = new HashSet<>();
  /**
   * The monitors a method may wait on, itself or through its callees (a wait lets its monitor go
   * while what the method took stays held), named as gates are; a null element: one not named.
   */
  private final Map<MethodRef, Set<LockClass>> waits = new HashMap<>();

  EntryGates(Program program, CallGraph cg, LockNamer namer, MonitorsHeld monitors,
      Predicate<MethodRef> onlyCalledInside) {
    this.program = program;
    this.cg = cg;
    this.namer = namer;
    this.onlyCalledInside = onlyCalledInside;
    this.monitors = monitors;
    java.util.ArrayDeque<MethodRef> work = new java.util.ArrayDeque<>();
    for (MethodFacts mf : program.methods()) {
      handled.addAll(mf.handles());
      for (Node n : mf.nodes()) {
        // Only Object.wait lets a monitor go (and Thread.join, which waits on the thread's monitor).
        if (n.op() instanceof Op.Invoke inv && (inv.method().name().equals("wait") || inv.method().name().equals("join"))
            && !inv.args().isEmpty() && Models.effect(program, inv.method()) == Models.Effect.AWAIT) {
          LockClass lc = namer.name(new LockRef(LockClass.Kind.MONITOR, inv.args().get(0)), false);
          waits.computeIfAbsent(mf.ref(), k -> new HashSet<>()).add(lc == null || LockNamer.meaningless(lc) ? null : lc);
          work.add(mf.ref());
        }
      }
    }
    while (!work.isEmpty()) {
      MethodRef w = work.poll();
      Set<LockClass> ws = waits.get(w);
      for (MethodRef c : cg.callers(w)) {
        Set<LockClass> cs = waits.computeIfAbsent(c, k -> new HashSet<>());
        if (cs.addAll(ws)) {
          work.add(c);
        }
      }
    }
  }

  /**
   * Whether code outside the inputs may call the method: a public or protected one is its object's
   * API, callable by anyone without the locks the library's own callers hold; a package-private or
   * private one runs only from its package (packages are not split across inputs and outside code).
   * True for a method without code.
   */
  static boolean api(MethodFacts mf) {
    return mf == null || (mf.access() & PUBLIC_OR_PROTECTED) != 0;
  }

  /** The monitors every run of {@code m} holds on entry, in key order. */
  List<LockClass> of(MethodRef m) {
    Map<String, LockClass> g = gates(m);
    Set<LockClass> ws = waits.getOrDefault(m, Set.of());
    if (g.isEmpty() || ws.isEmpty()) {
      return List.copyOf(g.values());
    }
    // A wait on a gate lets it go in the middle of the method: no gate there, and no re-entry.
    List<LockClass> out = new ArrayList<>();
    for (LockClass lc : g.values()) {
      if (!ws.contains(null) && ws.stream().noneMatch(w -> w.key().equals(lc.key()) || reenters(program, List.of(lc), w))) {
        out.add(lc);
      }
    }
    return out;
  }

  /**
   * Whether taking {@code to} inside gate monitors is taking one of them again: a monitor named by
   * its class, as a gate is, or by a class of the same hierarchy, whose object may be the gate's (as
   * {@link OneHierarchy} takes a monitor whose path was lost: here the gate's is the caller's).
   * Nested monitors of two objects of one class are no edge either. A lock named by a field is
   * not: two objects' locks of one field are told apart where a path relates them ({@code
   * Nesting}), and the gate's path is the caller's.
   */
  static boolean reenters(Program program, List<LockClass> gates, LockClass to) {
    String y = to.monitoredType();
    for (LockClass g : gates) {
      String x = g.monitoredType();
      if (x != null && y != null && (x.equals(y) || program.isSubtype(x, y) || program.isSubtype(y, x))) {
        return true;
      }
    }
    return false;
  }

  private Map<String, LockClass> gates(MethodRef m) {
    Map<String, LockClass> k = known.get(m);
    if (k != null) {
      return k;
    }
    if (!open.add(m)) {
      return Map.of(); // recursion: what the cycle's own entry holds is not assumed
    }
    try {
      Map<String, LockClass> out = compute(m);
      known.put(m, out);
      return out;
    } finally {
      open.remove(m);
    }
  }

  private Map<String, LockClass> compute(MethodRef m) {
    MethodFacts mf = program.facts(m);
    // Code outside the inputs may call a public or protected method without the monitor.
    if (api(mf) || !onlyCalledInside.test(m)) {
      return Map.of();
    }
    // A method reference runs wherever its handle goes, with nothing held.
    if (handled.contains(m)) {
      return Map.of();
    }
    List<CallGraph.Site> sites = cg.sites(m);
    Set<MethodRef> withSite = new HashSet<>();
    sites.forEach(s -> withSite.add(s.caller()));
    if (sites.isEmpty() || !withSite.containsAll(cg.callers(m))) {
      return Map.of(); // run through a JDK method or a lambda: no call site to read
    }
    Map<String, LockClass> common = null;
    for (CallGraph.Site s : sites) {
      Map<String, LockClass> here = new TreeMap<>(gates(s.caller()));
      here.putAll(heldAt(s.caller(), s.node()));
      if (common == null) {
        common = here;
      } else {
        common.keySet().retainAll(here.keySet());
      }
      if (common.isEmpty()) {
        return Map.of();
      }
    }
    return common;
  }

  /** The monitors {@code c} surely holds at {@code node} that can be named in its own terms. */
  private Map<String, LockClass> heldAt(MethodRef c, int node) {
    Set<Val> held = monitors.heldAt(c, node);
    Map<String, LockClass> out = new TreeMap<>();
    if (held.isEmpty()) {
      return out;
    }
    // The held set keeps erased paths: name the monitors as the caller's own code spells them.
    MethodFacts cf = program.facts(c);
    List<Val> spelled = new ArrayList<>();
    if (cf.isSynchronized() && !cf.isStatic()) {
      spelled.add(new Val.Param(0, c.owner()));
    }
    for (Node n : cf.nodes()) {
      if (n.op() instanceof Op.MonitorEnter e) {
        spelled.add(e.lock());
      }
    }
    // Erasure may make two monitors one (every lost value is one unknown): a name counts only where
    // its erased path names nothing else in the caller.
    Map<Val, LockClass> named = new HashMap<>();
    Set<Val> ambiguous = new HashSet<>();
    for (Val v : spelled) {
      Val e = Val.erase(v);
      if (!held.contains(e)) {
        continue;
      }
      LockClass lc = MonitorsHeld.lost(v) ? null : namer.name(new LockRef(LockClass.Kind.MONITOR, v), false);
      LockClass old = named.putIfAbsent(e, lc);
      if (lc == null || old != null && !old.key().equals(lc.key()) || named.get(e) == null) {
        ambiguous.add(e);
      }
    }
    named.forEach((e, lc) -> {
      if (!ambiguous.contains(e) && !LockNamer.meaningless(lc)) {
        out.put(lc.key(), lc);
      }
    });
    return out;
  }
}
