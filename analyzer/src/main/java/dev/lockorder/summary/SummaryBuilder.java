package dev.lockorder.summary;

import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.graph.GraphBuilder;
import dev.lockorder.graph.HeldLock;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.graph.Witness;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import dev.lockorder.rules.Rules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The summary stage: walks the call graph bottom-up (callees before callers, strongly connected
 * components iterated to a fixpoint), runs a held-lock dataflow over each method's event graph
 * using its callees' summaries, and emits lock-graph edges as soon as both ends have a name.
 * Then every task handed to an executor is run inside its executor's and its own pseudo-locks.
 */
public final class SummaryBuilder {
  private static final int SCC_ROUNDS = 4;
  private static final int MAX_TASK_DEPTH = 8;

  private final Program program;
  private final int maxSummary;
  private final LockNamer namer;
  private final GraphBuilder graph;
  private final int maxWitnessDepth;
  private final Map<MethodRef, Summary> summaries = new HashMap<>();
  private final Set<MethodRef> lambdaImpls = new HashSet<>();
  private final ArrayDeque<ResolvedSubmit> runs = new ArrayDeque<>();
  private final Set<List<Object>> runsSeen = new HashSet<>();
  private final Set<String> truncated = new TreeSet<>();
  /** During the final pass of one method: the node being processed, what each node acquired, signals. */
  private int currentNode;
  private List<List<Acq>> acqsAtNode;
  private List<Signal> signals;

  /** A signal (countDown, notify, signal) at a node, on the completion {@code target}. */
  private record Signal(int node, Val target, Val ownLock, Trace frames) {}

  /** The common pool that CompletableFuture's async methods use without an executor. */
  static final Val COMMON_POOL = new Val.Static("java/util/concurrent/ForkJoinPool", "commonPool",
      "java/util/concurrent/ForkJoinPool");

  /** A task handed to an executor, both known: the task will run inside their pseudo-locks. */
  private record ResolvedSubmit(Val executor, Val task, Trace frames, int depth) {}

  public SummaryBuilder(Program program, GraphBuilder graph, int maxWitnessDepth, int maxSummary) {
    this.maxSummary = maxSummary;
    this.program = program;
    this.namer = new LockNamer(program);
    this.graph = graph;
    this.maxWitnessDepth = Math.max(4, maxWitnessDepth);
  }

  /** The field behind each lock class named by one, as {@code declarer.name}. */
  public Map<String, String> lockFields() {
    return namer.fieldOfKey();
  }

  /** Limits hit while building, for the run's summary. */
  public Set<String> truncated() {
    return truncated;
  }

  public void run() {
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          for (Val a : inv.args()) {
            if (a instanceof Val.Lambda l) {
              lambdaImpls.add(l.impl());
            }
          }
        }
      }
      for (var st : mf.stores()) {
        if (st.value() instanceof Val.Lambda l) {
          lambdaImpls.add(l.impl());
        }
      }
    }
    CallGraph cg = new CallGraph(program);
    for (List<MethodRef> scc : cg.sccsBottomUp()) {
      boolean recursive = scc.size() > 1 || cg.callees(scc.get(0)).contains(scc.get(0));
      // A recursive component is iterated until its summaries stop growing (bounded); the
      // emitting pass below then runs once on the stable summaries.
      int rounds = scc.size() > 32 ? 2 : SCC_ROUNDS;
      for (int r = 0; recursive && r < rounds; r++) {
        boolean changed = false;
        for (MethodRef m : scc) {
          Summary before = summaries.get(m);
          Summary s = analyze(program.facts(m), false);
          summaries.put(m, s);
          changed |= before == null || before.size() != s.size();
        }
        if (!changed) {
          break;
        }
      }
      // Emit for real once the component is stable.
      for (MethodRef m : scc) {
        boolean root = !cg.hasOutsideCaller(m, scc) && !lambdaImpls.contains(m);
        Summary s = analyze(program.facts(m), true);
        summaries.put(m, s.size() == 0 ? Summary.EMPTY : s);
        if (s.capped) {
          truncated.add("summary cap (" + maxSummary + " per method)");
        }
        if (root) {
          resolveAtRoot(s);
        }
      }
    }
    dryRun = false;
    runTasks();
  }

  // ---------------------------------------------------------------------------------------------
  // One method.

  private final Map<List<Object>, Frame> frames = new HashMap<>();

  /** Frames are shared: the same call site appears in many witnesses. */
  private Frame frame(MethodRef m, int line, Frame.Kind kind) {
    return frames.computeIfAbsent(List.of(m, line, kind), k -> {
      ClassInfo ci = program.classInfo(m.owner());
      return new Frame(m.className().intern(), m.name(), m.desc(), ci == null ? "" : ci.sourceFile(), line, kind);
    });
  }

  private static Trace prepend(Frame f, Trace rest) {
    return rest.prepend(f);
  }

  private static Trace concat(Trace a, Trace b) {
    return a.append(b);
  }

  /** A witness: the trace cut to {@code maxWitnessDepth} frames (and the run told when it is cut). */
  private Witness witness(Trace t) {
    boolean[] cut = {false};
    Witness w = new Witness(t.toList(maxWitnessDepth, cut));
    if (cut[0]) {
      truncated.add("maxWitnessDepth=" + maxWitnessDepth);
    }
    return w;
  }

  /** Follows getters: a call to an application method that returns a fixed path is that path. */
  private Val normalize(Val v) {
    for (int i = 0; i < 4 && v instanceof Val.Call c; i++) {
      Val next = null;
      Op.Invoke inv = new Op.Invoke(c.method(), "virtual", c.args());
      List<MethodRef> ts = program.targets(inv);
      if (ts.isEmpty()) {
        ts = program.targets(new Op.Invoke(c.method(), "static", c.args()));
      }
      if (ts.size() == 1) {
        Summary s = summaries.get(ts.get(0));
        if (s != null && s.ret != null && !(s.ret instanceof Val.Unknown)) {
          next = Subst.apply(s.ret, c.args());
        }
      }
      if (next == null) {
        return v;
      }
      v = next;
    }
    return v;
  }

  /** The lock a lock-API receiver stands for, and the mode of the view it was called on. */
  private LockRef lockOf(Val receiver, LockClass.Kind kind) {
    Val v = normalize(receiver);
    if (v instanceof Val.Call c && !c.args().isEmpty()) {
      Models.Effect e = program.effect(c.method());
      if (e == Models.Effect.READ_VIEW || e == Models.Effect.WRITE_VIEW) {
        Val base = normalize(c.args().get(0));
        boolean stamped = c.method().owner().equals(Models.STAMPED);
        return new LockRef(stamped ? LockClass.Kind.STAMPED_LOCK : LockClass.Kind.READ_WRITE_LOCK, base);
      }
    }
    return new LockRef(kind, v);
  }

  private static Mode modeOf(Val receiver, Program p) {
    if (receiver instanceof Val.Call c && p.effect(c.method()) == Models.Effect.READ_VIEW) {
      return Mode.SHARED;
    }
    return Mode.EXCLUSIVE;
  }

  /** While a recursive component is iterated to its fixpoint, nothing is emitted yet. */
  private boolean dryRun;

  /**
   * The summary of one method from its callees' current summaries. With {@code emit} false (the
   * rounds of a recursive component), edges and tasks are not recorded: only the summary counts.
   */
  private Summary analyze(MethodFacts mf, boolean emit) {
    dryRun = !emit;
    List<Node> nodes = mf.nodes();
    int n = nodes.size();
    List<List<Held>> in = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      in.add(null);
    }
    Summary out = new Summary(maxSummary);
    List<Held> entry = new ArrayList<>();
    Acq syncAcq = null;
    if (mf.isSynchronized()) {
      Val self = mf.isStatic() ? new Val.ClassLit(mf.ref().owner()) : new Val.Param(0, mf.ref().owner());
      syncAcq = new Acq(new LockRef(LockClass.Kind.MONITOR, self), Mode.EXCLUSIVE, false, false, false,
          Trace.of(frame(mf.ref(), nodes.get(0).line(), Frame.Kind.ACQUIRE)));
      entry.add(syncAcq.held());
    }
    entry.addAll(annotatedHeld(mf, nodes.get(0).line()));
    in.set(0, entry);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(0);
    int budget = 64 * n + 64;
    while (!work.isEmpty() && budget-- > 0) {
      int i = work.poll();
      List<Held> state = transfer(mf, nodes.get(i), in.get(i), null);
      for (int s : nodes.get(i).succs()) {
        List<Held> old = in.get(s);
        List<Held> merged = merge(old, state);
        if (old == null || merged.size() != old.size()) {
          in.set(s, merged);
          work.add(s);
        }
      }
    }
    if (budget <= 0) {
      truncated.add("dataflow budget in " + mf.ref());
    }
    // Final pass: what each node acquires, with the locks held before it.
    if (syncAcq != null) {
      out.addOuter(syncAcq);
    }
    Val ret = null;
    boolean retConflict = false;
    acqsAtNode = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      acqsAtNode.add(new ArrayList<>());
    }
    signals = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Held> h = in.get(i);
      if (h == null) {
        continue;
      }
      Node node = nodes.get(i);
      currentNode = i;
      transfer(mf, node, h, out);
      if (node.op() instanceof Op.Return r) {
        for (Held x : h) {
          if ((syncAcq == null || !x.ref().equals(syncAcq.ref())) && !entry.contains(x)) {
            if (out.exitHeld.stream().noneMatch(y -> y.ref().equals(x.ref()))) {
              out.exitHeld.add(x);
            }
          }
        }
        if (r.value() != null) {
          if (ret == null) {
            ret = r.value();
          } else if (!ret.equals(r.value())) {
            retConflict = true;
          }
        }
      }
    }
    out.ret = retConflict ? null : ret;
    signallers(nodes);
    acqsAtNode = null;
    return out;
  }

  /**
   * lockdep's completions: the signaller's path up to the signal runs holding (completion)X, so
   * each lock taken on the way to the signal (in this method and its callees) depends on it. The
   * signalled object's own lock (held around notify or signal) is left out.
   */
  private void signallers(List<Node> nodes) {
    for (Signal sig : signals) {
      java.util.BitSet reaches = new java.util.BitSet(nodes.size());
      java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
      List<List<Integer>> preds = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        preds.add(new ArrayList<>());
      }
      for (int i = 0; i < nodes.size(); i++) {
        for (int t : nodes.get(i).succs()) {
          preds.get(t).add(i);
        }
      }
      work.add(sig.node());
      while (!work.isEmpty()) {
        int x = work.poll();
        for (int p : preds.get(x)) {
          if (!reaches.get(p)) {
            reaches.set(p);
            work.add(p);
          }
        }
      }
      Held completion = new Held(new LockRef(LockClass.Kind.COMPLETION, sig.target()), Mode.EXCLUSIVE,
          sig.frames(), false);
      for (int i = reaches.nextSetBit(0); i >= 0; i = reaches.nextSetBit(i + 1)) {
        for (Acq a : acqsAtNode.get(i)) {
          if (sig.ownLock() != null && sameLockClass(a.ref().val(), sig.ownLock())) {
            continue;
          }
          if (a.ref().kind() == LockClass.Kind.COMPLETION && a.ref().val().equals(sig.target())) {
            continue;
          }
          emitEdge(List.of(completion), a, true);
        }
      }
    }
  }

  /**
   * Locks a method declares its callers hold: any annotation named {@code GuardedBy} or {@code
   * Holding} on the method (javax.annotation.concurrent, Error Prone, Checker Framework...), naming
   * {@code this}, {@code X.class} or a field of the class. They sharpen callbacks that nothing in
   * the input calls: what such a method takes is taken under the named lock.
   */
  private List<Held> annotatedHeld(MethodFacts mf, int line) {
    ClassInfo ci = program.classInfo(mf.ref().owner());
    ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(mf.ref().signature());
    if (mi == null || mi.annotationStrings().isEmpty()) {
      return List.of();
    }
    List<Held> out = new ArrayList<>();
    for (var e : mi.annotationStrings().entrySet()) {
      String d = e.getKey();
      String simple = d.substring(Math.max(d.lastIndexOf('/'), d.lastIndexOf('$')) + 1);
      if (!simple.equals("GuardedBy;") && !simple.equals("Holding;")) {
        continue;
      }
      for (String name : e.getValue()) {
        Val v = null;
        LockClass.Kind kind = LockClass.Kind.MONITOR;
        if (name.equals("this") && !mf.isStatic()) {
          v = new Val.Param(0, mf.ref().owner());
        } else if (name.endsWith(".class")) {
          v = new Val.ClassLit(mf.ref().owner());
        } else {
          String field = name.startsWith("this.") ? name.substring(5) : name;
          ClassInfo.FieldInfo fi = ci.fields().get(field);
          if (fi != null) {
            String type = fi.desc().startsWith("L") ? fi.desc().substring(1, fi.desc().length() - 1) : fi.desc();
            v = fi.isStatic() ? new Val.Static(mf.ref().owner(), field, type)
                : new Val.Field(new Val.Param(0, mf.ref().owner()), mf.ref().owner(), field, type);
            if (Models.in(program, type, Models.LOCKS)) {
              kind = LockClass.Kind.LOCK;
            } else if (Models.in(program, type, Models.RW_LOCKS)) {
              kind = LockClass.Kind.READ_WRITE_LOCK;
            }
          }
        }
        if (v != null) {
          out.add(new Held(new LockRef(kind, v), Mode.EXCLUSIVE,
              Trace.of(frame(mf.ref(), line, Frame.Kind.ACQUIRE)), false));
        }
      }
    }
    return out;
  }

  private static List<Held> merge(List<Held> a, List<Held> b) {
    if (a == null) {
      return b;
    }
    List<Held> out = new ArrayList<>(a);
    for (Held h : b) {
      if (out.stream().noneMatch(x -> x.ref().equals(h.ref()) && x.mode() == h.mode())) {
        out.add(h);
      }
    }
    return out;
  }

  private static List<Held> with(List<Held> h, Held x) {
    for (Held y : h) {
      if (y.ref().equals(x.ref())) {
        return h; // re-entry: the hold count is not tracked
      }
    }
    List<Held> out = new ArrayList<>(h);
    out.add(x);
    return out;
  }

  private static List<Held> without(List<Held> h, LockRef ref, boolean[] found) {
    for (int i = h.size() - 1; i >= 0; i--) {
      if (h.get(i).ref().val().equals(ref.val())) {
        List<Held> out = new ArrayList<>(h);
        out.remove(i);
        found[0] = true;
        return out;
      }
    }
    return h;
  }

  /**
   * The held set after {@code node}. With {@code out} set, also records what the node acquires
   * into the summary and the graph (the final pass); without, only computes the held set.
   */
  private List<Held> transfer(MethodFacts mf, Node node, List<Held> h, Summary out) {
    Op op = node.op();
    MethodRef m = mf.ref();
    if (op instanceof Op.MonitorEnter me) {
      Acq a = new Acq(new LockRef(LockClass.Kind.MONITOR, normalize(me.lock())), Mode.EXCLUSIVE, false, false,
          false, Trace.of(frame(m, node.line(), Frame.Kind.ACQUIRE)));
      if (out != null) {
        acquire(h, a, out);
      }
      return with(h, a.held());
    }
    if (op instanceof Op.MonitorExit mx) {
      boolean[] found = {false};
      List<Held> r = without(h, new LockRef(LockClass.Kind.MONITOR, normalize(mx.lock())), found);
      if (!found[0]) {
        for (int i = h.size() - 1; i >= 0; i--) {
          if (h.get(i).ref().kind() == LockClass.Kind.MONITOR) {
            r = new ArrayList<>(h);
            r.remove(i);
            break;
          }
        }
      }
      return r;
    }
    if (!(op instanceof Op.Invoke inv)) {
      return h;
    }
    Models.Effect effect = program.effect(inv.method());
    List<Val> args = inv.args();
    switch (effect) {
      case ACQUIRE, TRY_ACQUIRE, STAMPED_READ, STAMPED_WRITE: {
        if (args.isEmpty()) {
          return h;
        }
        boolean stamped = effect == Models.Effect.STAMPED_READ || effect == Models.Effect.STAMPED_WRITE;
        LockRef ref = lockOf(args.get(0), stamped ? LockClass.Kind.STAMPED_LOCK : LockClass.Kind.LOCK);
        Mode mode = stamped ? (effect == Models.Effect.STAMPED_READ ? Mode.SHARED : Mode.EXCLUSIVE)
            : modeOf(normalize(args.get(0)), program);
        boolean tryLock = effect == Models.Effect.TRY_ACQUIRE;
        Acq a = new Acq(ref, mode, tryLock, false, false, Trace.of(frame(m, node.line(),
            Frame.Kind.ACQUIRE)));
        if (out != null) {
          acquire(h, a, out);
        }
        if (tryLock && inv.method().desc().startsWith("()")) {
          return with(h, a.held());
        }
        return with(h, a.held());
      }
      case RELEASE, STAMPED_RELEASE: {
        if (args.isEmpty()) {
          return h;
        }
        LockRef ref = lockOf(args.get(0), effect == Models.Effect.STAMPED_RELEASE ? LockClass.Kind.STAMPED_LOCK
            : LockClass.Kind.LOCK);
        boolean[] found = {false};
        List<Held> r = without(h, ref, found);
        if (!found[0] && out != null && !out.releases.contains(ref)) {
          out.releases.add(ref);
        }
        return r;
      }
      case SUBMIT: {
        if (out != null && args.size() >= 2) {
          submit(normalize(args.get(0)), normalize(args.get(1)), Trace.of(frame(m, node.line(), Frame.Kind.SUBMIT)),
              out, 0);
        }
        return h;
      }
      case DRAIN: {
        if (out != null && !args.isEmpty()) {
          boolean timed = inv.method().name().equals("awaitTermination");
          acquire(h, new Acq(new LockRef(LockClass.Kind.COMPLETION, normalize(args.get(0))), Mode.EXCLUSIVE,
              false, timed, false, Trace.of(frame(m, node.line(), Frame.Kind.WAIT))), out);
        }
        return h;
      }
      case ASYNC: {
        if (out != null && !args.isEmpty()) {
          Val executor = args.size() >= 2 ? normalize(args.get(1)) : COMMON_POOL;
          submit(executor, normalize(args.get(0)), Trace.of(frame(m, node.line(), Frame.Kind.SUBMIT)), out, 0);
        }
        return h;
      }
      case INVOKE: {
        if (out != null && args.size() >= 2) {
          Trace f = Trace.of(frame(m, node.line(), Frame.Kind.SUBMIT));
          Val executor = normalize(args.get(0));
          Val task = normalize(args.get(1));
          submit(executor, task, f, out, 0);
          waitTask(h, executor, task, false, Trace.of(frame(m, node.line(), Frame.Kind.WAIT)), out);
        }
        return h;
      }
      case THREAD_START: {
        if (out != null && !args.isEmpty()) {
          Val t = normalize(args.get(0));
          submit(t, t, Trace.of(frame(m, node.line(), Frame.Kind.SUBMIT)), out, 0);
        }
        return h;
      }
      case THREAD_JOIN: {
        if (out != null && !args.isEmpty()) {
          acquire(h, new Acq(new LockRef(LockClass.Kind.WORK, normalize(args.get(0))), Mode.EXCLUSIVE, false,
              Models.timed(inv.method()), false, Trace.of(frame(m, node.line(), Frame.Kind.WAIT))), out);
        }
        return h;
      }
      case AWAIT: {
        if (out != null && !args.isEmpty()) {
          Val target = normalize(args.get(0));
          Val own = ownLock(target, inv.method());
          // The waiter lets go of the object's own lock while it waits; the others stay held.
          List<Held> rest = new ArrayList<>();
          for (Held x : h) {
            if (own == null || !sameLockClass(x.ref().val(), own)) {
              rest.add(x);
            }
          }
          acquire(rest, new Acq(new LockRef(LockClass.Kind.COMPLETION, target), Mode.EXCLUSIVE, false,
              Models.timed(inv.method()), false, Trace.of(frame(m, node.line(), Frame.Kind.WAIT))), out);
          if (inv.method().owner().equals("java/util/concurrent/CyclicBarrier")) {
            signals.add(new Signal(currentNode, target, null, Trace.of(frame(m, node.line(), Frame.Kind.WAIT))));
          }
        }
        return h;
      }
      case SIGNAL: {
        if (out != null && !args.isEmpty()) {
          Val target = normalize(args.get(0));
          signals.add(new Signal(currentNode, target, ownLock(target, inv.method()),
              Trace.of(frame(m, node.line(), Frame.Kind.CALL))));
        }
        return h;
      }
      case SEM_ACQUIRE: {
        if (args.isEmpty() || !singlePermit(normalize(args.get(0)))) {
          return h;
        }
        Acq a = new Acq(new LockRef(LockClass.Kind.SEMAPHORE, normalize(args.get(0))), Mode.EXCLUSIVE, false, false,
            false, Trace.of(frame(m, node.line(), Frame.Kind.ACQUIRE)));
        if (out != null) {
          acquire(h, a, out);
        }
        return with(h, a.held());
      }
      case SEM_RELEASE: {
        if (args.isEmpty()) {
          return h;
        }
        LockRef ref = new LockRef(LockClass.Kind.SEMAPHORE, normalize(args.get(0)));
        boolean[] found = {false};
        List<Held> r = without(h, ref, found);
        if (!found[0] && out != null && singlePermit(ref.val()) && !out.releases.contains(ref)) {
          out.releases.add(ref);
        }
        return r;
      }
      case WAIT_FUTURE: {
        if (out != null && !args.isEmpty()) {
          waitFuture(h, normalize(args.get(0)), !inv.method().desc().startsWith("()"),
              Trace.of(frame(m, node.line(), Frame.Kind.WAIT)), out);
        }
        return h;
      }
      default:
        break;
    }
    // Application code: apply each target's summary.
    List<MethodRef> targets = targetsOf(inv);
    List<Held> result = h;
    for (MethodRef t : targets) {
      Summary s = summaries.get(t);
      if (s == null) {
        continue; // same component, first round
      }
      List<Val> actual = actuals(inv, t);
      Frame call = frame(m, node.line(), Frame.Kind.CALL);
      if (out != null) {
        Val recv = actual.isEmpty() || program.isStaticMethod(t) ? null : normalize(actual.get(0));
        boolean thisCall = !mf.isStatic() && recv instanceof Val.Param p && p.index() == 0;
        String dispatched = thisCall && !t.owner().equals(m.owner()) && program.isSubtype(t.owner(), m.owner())
            ? t.owner() : null;
        for (Acq a : s.outer.values()) {
          String b = rebound(a.bound(), dispatched, thisCall, recv, m.owner());
          if (b != DROP) {
            acquire(h, substAcq(a, actual).withFrames(prepend(call, a.frames())).withBound(b), out);
          }
        }
        for (Summary.PendingEdge pe : s.pending.values()) {
          String b = rebound(pe.acq().bound(), dispatched, thisCall, recv, m.owner());
          if (b == DROP) {
            continue;
          }
          List<Held> held = new ArrayList<>(h);
          for (Held x : pe.held()) {
            held.add(new Held(substRef(x.ref(), actual), x.mode(), prepend(call, x.frames()), x.tryLock()));
          }
          edge(held, substAcq(pe.acq(), actual).withFrames(prepend(call, pe.acq().frames())).withBound(b), out);
        }
        for (Summary.PendingSubmit ps : s.submits.values()) {
          submit(normalize(Subst.apply(ps.executor(), actual)), normalize(Subst.apply(ps.task(), actual)),
              prepend(call, ps.frames()), out, 0);
        }
      }
      for (LockRef r : s.releases) {
        result = without(result, substRef(r, actual), new boolean[1]);
      }
      for (Held x : s.exitHeld) {
        result = with(result, new Held(substRef(x.ref(), actual), x.mode(), prepend(call, x.frames()), x.tryLock()));
      }
    }
    return result;
  }

  /** A bound that no receiver can meet: the entry cannot happen from this call. */
  private static final String DROP = "\u0000drop";

  /**
   * The receiver bound of a callee's summary entry, in the caller's terms. A call on {@code this}
   * keeps the entry's bound, meets it with the subclass the call dispatched to, and drops the
   * entry when the caller's own class cannot be that subclass: {@code Sibling.write()} calling
   * {@code this.send()} of the base class never runs {@code Other.sendInternal()}. On any other
   * receiver, an entry whose bound the receiver's type excludes is dropped; others hold.
   */
  private String rebound(String bound, String dispatched, boolean thisCall, Val recv, String owner) {
    if (thisCall) {
      String b = meet(bound, dispatched);
      if (b == null || b == DROP) {
        return b;
      }
      if (program.isSubtype(owner, b)) {
        return null; // every receiver of this method already is one
      }
      return program.isSubtype(b, owner) ? b : DROP;
    }
    if (bound != null && recv != null && !program.mayBeBoth(bound, recv.type())) {
      return DROP;
    }
    return null;
  }

  private String meet(String a, String b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    if (program.isSubtype(a, b)) {
      return a;
    }
    return program.isSubtype(b, a) ? b : DROP;
  }

  private List<MethodRef> targetsOf(Op.Invoke inv) {
    if ((inv.kind().equals("virtual") || inv.kind().equals("interface")) && !inv.args().isEmpty()) {
      Val recv = normalize(inv.args().get(0));
      if (recv instanceof Val.Lambda l && l.sam().equals(inv.method().name())) {
        return program.facts(l.impl()) != null ? List.of(l.impl()) : List.of();
      }
      if (recv instanceof Val.New nw) {
        // The object's class is exact: only its own method runs, never an application subclass's
        // (new PrintWriter(w).flush() is not some subclass's flush()).
        MethodRef r = program.resolve(nw.type(), inv.method().name(), inv.method().desc());
        return r != null && program.facts(r) != null ? List.of(r) : List.of();
      }
    }
    return program.targets(inv);
  }

  /** The callee's parameters in the caller's terms; a lambda's captured values come first. */
  private List<Val> actuals(Op.Invoke inv, MethodRef target) {
    List<Val> args = inv.args();
    if (inv.kind().equals("virtual") || inv.kind().equals("interface")) {
      Val recv = args.isEmpty() ? null : normalize(args.get(0));
      if (lambdaImpls.contains(target) && !program.isSubtype(target.owner(), inv.method().owner())) {
        List<Val> caps = recv instanceof Val.Lambda l && l.impl().equals(target) ? l.captures() : null;
        MethodFacts tf = program.facts(target);
        int extra = args.size() - 1;
        int ncap = tf.paramTypes().size() - extra;
        List<Val> out = new ArrayList<>();
        for (int i = 0; i < ncap; i++) {
          out.add(caps != null && i < caps.size() ? caps.get(i) : new Val.Unknown(tf.paramTypes().get(i)));
        }
        out.addAll(args.subList(1, args.size()));
        return out;
      }
      if (recv != null && !recv.type().equals(target.owner()) && program.isSubtype(target.owner(), recv.type())) {
        // Inside the subclass's method, its receiver is a subclass object: its monitor is that class's.
        List<Val> out = new ArrayList<>(args);
        out.set(0, Val.narrow(recv, target.owner()));
        return out;
      }
    }
    return args;
  }

  private LockRef substRef(LockRef r, List<Val> actual) {
    return new LockRef(r.kind(), normalize(Subst.apply(r.val(), actual)));
  }

  private Acq substAcq(Acq a, List<Val> actual) {
    return a.withRef(substRef(a.ref(), actual));
  }

  // ---------------------------------------------------------------------------------------------
  // Acquisitions and edges.

  private void acquire(List<Held> h, Acq a, Summary out) {
    if (acqsAtNode != null && currentNode < acqsAtNode.size()) {
      acqsAtNode.get(currentNode).add(a);
    }
    if (h.isEmpty()) {
      out.addOuter(a);
    } else {
      edge(h, a, out);
    }
  }

  /** An edge from the innermost held lock to {@code a}, or a pending one if a name needs the caller. */
  private void edge(List<Held> held, Acq a, Summary out) {
    if (!emitEdge(held, a, false)) {
      out.addPending(new Summary.PendingEdge(held, a));
    }
  }

  /** Emits the edge if every name is known (or {@code root}); false when it must wait. */
  private boolean emitEdge(List<Held> held, Acq a, boolean root) {
    LockClass to = namer.name(a.ref(), root);
    Held top = held.get(held.size() - 1);
    LockClass from = namer.name(top.ref(), root);
    if (to == null || from == null) {
      return false;
    }
    if (LockNamer.meaningless(to) || LockNamer.meaningless(from)) {
      return true; // a monitor known only as an Object says nothing about which lock it is
    }
    if (a.ifSingleThread() && !singleThread(a.ref().val())) {
      return true;
    }
    List<HeldLock> heldLocks = new ArrayList<>();
    for (Held x : held) {
      LockClass c = namer.name(x.ref(), true);
      heldLocks.add(new HeldLock(c, x.mode(), witness(x.frames())));
    }
    // A monitor taken again through the same path at a narrower type (synchronized (conn) {
    // conn.send(); } where send() is a synchronized method of the class conn turns out to be).
    if (to.kind() == LockClass.Kind.MONITOR) {
      for (Held x : held) {
        if (x.ref().kind() == LockClass.Kind.MONITOR && Val.samePath(x.ref().val(), a.ref().val())) {
          return true;
        }
      }
    }
    // Taking a lock class that is already held: re-entry, or a self-deadlock.
    for (int i = held.size() - 1; i >= 0; i--) {
      if (heldLocks.get(i).lock().key().equals(to.key())) {
        Held x = held.get(i);
        // A completion of the same class is the same executor (its name is its field); other locks
        // count as taken again only when they are the very same object.
        boolean sameObject = to.kind() == LockClass.Kind.COMPLETION || x.ref().val().equals(a.ref().val());
        if (sameObject && !a.tryLock()) {
          Edge self = new Edge(heldLocks.get(i).lock(), x.mode(), to, a.mode(), witness(a.frames()),
              heldLocks.subList(0, held.size()), a.timed());
          if (dryRun) {
            return true;
          }
          if (x.mode() == Mode.SHARED && a.mode() == Mode.EXCLUSIVE && to.kind() == LockClass.Kind.READ_WRITE_LOCK) {
            graph.addSelf(Rules.READ_WRITE_UPGRADE.id(), self);
          } else if (!to.kind().reentrant()) {
            graph.addSelf(Rules.NON_REENTRANT_REACQUIRE.id(), self);
          } else if (to.kind() == LockClass.Kind.COMPLETION && a.ifSingleThread()) {
            graph.addSelf(Rules.SINGLE_THREAD_SELF_WAIT.id(), self);
          }
        }
        return true;
      }
    }
    if (a.tryLock()) {
      return true;
    }
    if (!dryRun) {
      graph.add(new Edge(from, top.mode(), to, a.mode(), witness(a.frames()), heldLocks, a.timed()));
    }
    return true;
  }

  private void resolveAtRoot(Summary s) {
    for (Summary.PendingEdge pe : s.pending.values()) {
      emitEdge(pe.held(), pe.acq(), true);
    }
    for (Summary.PendingSubmit ps : s.submits.values()) {
      queueRun(Subst.forget(ps.executor()), Subst.forget(ps.task()), ps.frames(), 0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Executors and tasks.

  private void submit(Val executor, Val task, Trace frames, Summary out, int depth) {
    boolean known = namer.name(new LockRef(LockClass.Kind.COMPLETION, executor), false) != null
        && !Subst.hasParam(task);
    if (known) {
      queueRun(executor, task, frames, depth);
    } else {
      out.addSubmit(new Summary.PendingSubmit(executor, task, frames));
    }
  }

  private void queueRun(Val executor, Val task, Trace frames, int depth) {
    if (!dryRun && runsSeen.add(List.of(executor, task))) {
      runs.add(new ResolvedSubmit(executor, task, frames, depth));
    }
  }

  private void waitFuture(List<Held> h, Val future, boolean timed, Trace frames, Summary out) {
    // A dependent stage completes after the stage it hangs on: waiting for it waits for that one.
    for (int i = 0; i < 8 && future instanceof Val.Call c && Models.dependentStage(c.method()) && !c.args().isEmpty(); i++) {
      future = normalize(c.args().get(0));
    }
    if (future instanceof Val.Call c && !c.args().isEmpty()) {
      Models.Effect e = program.effect(c.method());
      if (e == Models.Effect.SUBMIT && c.args().size() >= 2 && Models.returnsFuture(c.method())) {
        waitTask(h, normalize(c.args().get(0)), normalize(c.args().get(1)), timed, frames, out);
      } else if (e == Models.Effect.ASYNC) {
        Val executor = c.args().size() >= 2 ? normalize(c.args().get(1)) : COMMON_POOL;
        waitTask(h, executor, normalize(c.args().get(0)), timed, frames, out);
      }
    }
  }

  /** Waiting for one task: its (work), and its executor's (completion) when that runs one task at a time. */
  private void waitTask(List<Held> h, Val executor, Val task, boolean timed, Trace frames, Summary out) {
    acquire(h, new Acq(new LockRef(LockClass.Kind.COMPLETION, executor), Mode.EXCLUSIVE, false, timed, true,
        frames), out);
    acquire(h, new Acq(new LockRef(LockClass.Kind.WORK, task), Mode.EXCLUSIVE, false, timed, false, frames), out);
  }

  /**
   * The lock that a wait lets go of: the monitor itself for {@code Object.wait}, the lock a
   * {@code Condition} was made from for {@code await} (found where the condition is created).
   */
  private Val ownLock(Val target, MethodRef m) {
    if (!m.owner().equals(Models.CONDITION) && !program.supertypes(m.owner()).contains(Models.CONDITION)) {
      return m.name().startsWith("wait") || m.name().startsWith("notify") ? target : null;
    }
    if (target instanceof Val.Call c && c.method().name().equals("newCondition") && !c.args().isEmpty()) {
      return normalize(c.args().get(0));
    }
    if (target instanceof Val.Field f) {
      for (var st : program.storesOf(program.fieldDeclarer(f.owner(), f.name()), f.name())) {
        if (st.value() instanceof Val.Call c && c.method().name().equals("newCondition") && !c.args().isEmpty()) {
          MethodFacts sm = program.facts(st.method());
          boolean thisStore = sm != null && !sm.isStatic() && new Val.Param(0, st.method().owner()).equals(st.base());
          return normalize(Subst.apply(c.args().get(0), thisStore ? List.of(f.base()) : List.of()));
        }
      }
    }
    return null;
  }

  /**
   * Whether two values name the same lock class. Paths to one lock differ between waiter and
   * signaller ({@code this.q} and {@code other.q}); their lock class does not.
   */
  private boolean sameLockClass(Val a, Val b) {
    if (a.equals(b)) {
      return true;
    }
    LockClass x = namer.name(new LockRef(LockClass.Kind.MONITOR, a), true);
    LockClass y = namer.name(new LockRef(LockClass.Kind.MONITOR, b), true);
    return x != null && y != null && x.key().equals(y.key()) && !LockNamer.meaningless(x);
  }

  /** A semaphore made with one permit is a mutex (and not reentrant). */
  private boolean singlePermit(Val sem) {
    List<Val> sources = program.valuesOf(sem);
    if (sources.isEmpty()) {
      return false;
    }
    for (Val v : sources) {
      if (!(v instanceof Val.New nw)) {
        return false;
      }
      boolean one = false;
      for (Op.Invoke ctor : program.ctorCalls(nw.site())) {
        if (ctor.args().size() >= 2 && ctor.args().get(1) instanceof Val.Const k && Integer.valueOf(1).equals(k.value())) {
          one = true;
        }
      }
      if (!one) {
        return false;
      }
    }
    return true;
  }

  /** Runs every known task inside (completion)executor and (work)task. */
  private void runTasks() {
    while (!runs.isEmpty()) {
      ResolvedSubmit r = runs.poll();
      LockClass completion = namer.name(new LockRef(LockClass.Kind.COMPLETION, r.executor()), true);
      List<Held> held = new ArrayList<>();
      held.add(new Held(new LockRef(LockClass.Kind.COMPLETION, r.executor()), Mode.EXCLUSIVE, r.frames(), false));
      Acq work = new Acq(new LockRef(LockClass.Kind.WORK, r.task()), Mode.EXCLUSIVE, false, false, false, r.frames());
      emitEdge(held, work, true);
      held.add(work.held());
      if (completion == null) {
        continue;
      }
      for (Body b : bodies(r.task(), 0, null)) {
        Summary s = summaries.get(b.method);
        if (s == null) {
          continue;
        }
        Val recv = b.args.isEmpty() || program.isStaticMethod(b.method) ? null : normalize(b.args.get(0));
        for (Acq a : s.outer.values()) {
          if (rebound(a.bound(), null, false, recv, b.method.owner()) == DROP) {
            continue;
          }
          Acq sa = substAcq(a, b.args);
          emitEdge(held, sa.withFrames(concat(r.frames(), a.frames())), true);
        }
        for (Summary.PendingEdge pe : s.pending.values()) {
          if (rebound(pe.acq().bound(), null, false, recv, b.method.owner()) == DROP) {
            continue;
          }
          List<Held> hh = new ArrayList<>(held);
          for (Held x : pe.held()) {
            hh.add(new Held(substRef(x.ref(), b.args), x.mode(), concat(r.frames(), x.frames()), x.tryLock()));
          }
          emitEdge(hh, substAcq(pe.acq(), b.args).withFrames(concat(r.frames(), pe.acq().frames())), true);
        }
        if (r.depth() < MAX_TASK_DEPTH) {
          for (Summary.PendingSubmit ps : s.submits.values()) {
            queueRun(Subst.forget(normalize(Subst.apply(ps.executor(), b.args))),
                Subst.forget(normalize(Subst.apply(ps.task(), b.args))), concat(r.frames(), ps.frames()),
                r.depth() + 1);
          }
        }
      }
    }
  }

  /** A method that runs as a task, with its parameters in the submitter's terms. */
  private record Body(MethodRef method, List<Val> args) {}

  /** A method that stored a task into a field, with its parameters in the submitter's terms. */
  private record Store(MethodRef method, List<Val> args) {}

  /**
   * What code a task value runs: a lambda's target, a Runnable's run, or what a field holds.
   *
   * @param store where the value was stored into a field, with that method's parameters in the
   *     submitter's terms; null when not known
   */
  private List<Body> bodies(Val task, int depth, Store store) {
    List<Body> out = new ArrayList<>();
    if (depth > 3) {
      return out;
    }
    task = normalize(task);
    if (task instanceof Val.Lambda l) {
      if (program.facts(l.impl()) != null) {
        MethodFacts f = program.facts(l.impl());
        List<Val> args = new ArrayList<>(l.captures());
        for (int i = args.size(); i < f.paramTypes().size(); i++) {
          args.add(new Val.Unknown(f.paramTypes().get(i)));
        }
        out.add(new Body(l.impl(), args));
      }
    } else if (task instanceof Val.New nw) {
      out.addAll(taskMethods(nw.type(), task));
      if (out.isEmpty()) {
        // A JDK wrapper (new Thread(r), new FutureTask<>(c)): the task is what its constructor got.
        for (Op.Invoke ctor : program.ctorCalls(nw.site())) {
          for (Val a : ctor.args().subList(1, ctor.args().size())) {
            if (a instanceof Val.Lambda || a instanceof Val.New || a instanceof Val.Field) {
              out.addAll(bodies(a, depth + 1, null));
            } else if (a instanceof Val.Param p) {
              // new Thread(this, name): the creating object is itself the Runnable. Which object
              // that is, the submitter knows when the thread was made where it was stored.
              boolean atStore = store != null && nw.site().startsWith(store.method() + "@");
              out.addAll(taskMethods(p.type(), atStore ? Subst.apply(a, store.args()) : Subst.forget(a)));
            }
          }
        }
      }
    } else if (task instanceof Val.Field f) {
      String decl = program.fieldDeclarer(f.owner(), f.name());
      for (var st : program.storesOf(decl, f.name())) {
        MethodFacts sm = program.facts(st.method());
        List<Val> args = new ArrayList<>();
        boolean thisStore = sm != null && !sm.isStatic() && new Val.Param(0, st.method().owner()).equals(st.base());
        if (sm != null) {
          for (int i = 0; i < sm.paramTypes().size(); i++) {
            args.add(i == 0 && thisStore ? f.base() : new Val.Unknown(sm.paramTypes().get(i)));
          }
        }
        out.addAll(bodies(Subst.apply(st.value(), args), depth + 1, new Store(st.method(), args)));
      }
    } else if (task instanceof Val.Static s) {
      String decl = program.fieldDeclarer(s.owner(), s.name());
      for (var st : program.storesOf(decl, s.name())) {
        out.addAll(bodies(Subst.forget(st.value()), depth + 1, null));
      }
    }
    return out;
  }

  /** The task methods ({@code run}, {@code call}, ...) an application class implements. */
  private List<Body> taskMethods(String type, Val receiver) {
    List<Body> out = new ArrayList<>();
    for (String sam : List.of("run()V", "call()Ljava/lang/Object;", "get()Ljava/lang/Object;", "compute()V",
        "compute()Ljava/lang/Object;")) {
      int p = sam.indexOf('(');
      MethodRef r = program.resolve(type, sam.substring(0, p), sam.substring(p));
      if (r != null && program.facts(r) != null) {
        out.add(new Body(r, List.of(receiver)));
      }
    }
    return out;
  }

  /**
   * Whether an executor runs one task at a time: made by {@code newSingleThreadExecutor}, {@code
   * newFixedThreadPool(1)}, or a {@code ThreadPoolExecutor} (or subclass) whose core and maximum
   * sizes are the constant 1.
   */
  private boolean singleThread(Val executor) {
    List<Val> sources = program.valuesOf(executor);
    if (sources.isEmpty()) {
      return false;
    }
    for (Val v : sources) {
      if (!singleThreadSource(v)) {
        return false;
      }
    }
    return true;
  }

  private boolean singleThreadSource(Val v) {
    if (v instanceof Val.Call c) {
      String n = c.method().name();
      if (c.method().owner().equals("java/util/concurrent/Executors")) {
        if (n.equals("newSingleThreadExecutor") || n.equals("newSingleThreadScheduledExecutor")) {
          return true;
        }
        if ((n.equals("newFixedThreadPool") || n.equals("newScheduledThreadPool")) && !c.args().isEmpty()
            && c.args().get(0) instanceof Val.Const k && Integer.valueOf(1).equals(k.value())) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof Val.New nw) {
      if (!Models.in(program, nw.type(), Models.EXECUTORS)) {
        return false;
      }
      for (Op.Invoke ctor : program.ctorCalls(nw.site())) {
        if (sizeOne(ctor.args())) {
          return true;
        }
        // A subclass: its constructor passes constants to the pool's.
        MethodFacts cf = program.facts(new MethodRef(nw.type(), "<init>", ctor.method().desc()));
        if (cf != null) {
          for (Node node : cf.nodes()) {
            if (node.op() instanceof Op.Invoke sup && sup.method().name().equals("<init>")
                && sup.args().size() > 2 && sup.args().get(0) instanceof Val.Param p && p.index() == 0
                && Models.in(program, sup.method().owner(), Models.EXECUTORS) && sizeOne(sup.args())) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** Constructor arguments (receiver first) giving a core and maximum pool size of 1. */
  private static boolean sizeOne(List<Val> ctorArgs) {
    return ctorArgs.size() > 2 && ctorArgs.get(1) instanceof Val.Const a && Integer.valueOf(1).equals(a.value())
        && ctorArgs.get(2) instanceof Val.Const b && Integer.valueOf(1).equals(b.value());
  }
}
