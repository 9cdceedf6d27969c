package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The held-lock dataflow of one method over its event graph, to a fixpoint on {@link HeldSet}s,
 * then one final pass that records what each node acquires with the locks held before it, and the
 * method's net effect: locks held at a return that were not held at entry, and the path returned.
 *
 * <p>Each kind of successor gets its own state: the state after the node on normal successors;
 * for a test of a call's result, the locks that call took only on success are dropped on the
 * failure side; on exception edges, the state before the node less what a call released
 * ({@link HeldSet#thrown}).
 */
final class MethodAnalysis {
  private final Program program;
  private final Transfer transfer;
  private final Emitter emitter;
  private final LockFacts facts;
  private final Frames frames;
  private final CalleeSignals calleeSignals;
  private final int maxSummary;
  private final dev.lockorder.Limits limits;
  private final Resolver resolver;
  private final OneWinners winners;

  MethodAnalysis(Program program, Transfer transfer, Emitter emitter, LockFacts facts, Frames frames,
      int maxSummary, dev.lockorder.Limits limits, Resolver resolver) {
    this.resolver = resolver;
    this.winners = new OneWinners(program);
    this.program = program;
    this.transfer = transfer;
    this.emitter = emitter;
    this.facts = facts;
    this.frames = frames;
    this.calleeSignals = new CalleeSignals(program, facts, frames);
    this.maxSummary = maxSummary;
    this.limits = limits;
  }

  /**
   * The summary of one method from its callees' current summaries. With {@code emit} false (the
   * rounds of a recursive component), edges and tasks are not recorded: only the summary counts.
   */
  Summary analyze(MethodFacts mf, boolean emit) {
    emitter.dryRun = !emit;
    List<Node> nodes = mf.nodes();
    int n = nodes.size();
    HeldSet[] in = new HeldSet[n];
    List<Held> entryHeld = new ArrayList<>();
    Acq syncAcq = null;
    if (mf.isSynchronized()) {
      Val self = mf.isStatic() ? new Val.ClassLit(mf.ref().owner()) : transfer.exactThis(mf.ref());
      syncAcq = new Acq(new LockRef(LockClass.Kind.MONITOR, self), Mode.EXCLUSIVE, false, false, false,
          frames.trace(mf.ref(), nodes.get(0), Frame.Kind.ACQUIRE));
      entryHeld.add(syncAcq.held());
    } else if (mf.ref().name().equals("<clinit>")) {
      // A static initializer runs holding its class's initialization lock (ClassInits).
      syncAcq = new Acq(new LockRef(LockClass.Kind.INIT, new Val.ClassLit(mf.ref().owner())), Mode.EXCLUSIVE, false,
          false, false, frames.trace(mf.ref(), nodes.get(0), Frame.Kind.ACQUIRE));
      entryHeld.add(syncAcq.held());
    }
    entryHeld.addAll(HeldAnnotations.of(program, mf, frames.trace(mf.ref(), nodes.get(0), Frame.Kind.ACQUIRE)));
    in[0] = HeldSet.of(entryHeld);
    fixpoint(mf, in);

    Summary out = new Summary(maxSummary);
    boolean initLock = syncAcq != null && syncAcq.ref().kind() == LockClass.Kind.INIT;
    if (syncAcq != null && !initLock) {
      out.addOuter(syncAcq);
    }
    Val ret = null;
    boolean retConflict = false;
    emitter.record(n);
    List<Completions.Signal> signals = new ArrayList<>();
    emitter.method(mf);
    List<Set<String>> won = winners.at(mf);
    for (int i = 0; i < n; i++) {
      HeldSet h = in[i];
      if (h == null) {
        continue;
      }
      Node node = nodes.get(i);
      emitter.at(i, h.foreign(), Receivers.guard(node.guards()), transfer.flagsAt(mf, node),
          won == null ? Set.of() : won.get(i));
      transfer.apply(mf, node, h, out, signals);
      if (node.op() instanceof Op.Return r) {
        for (Held held : h.held()) {
          if (entryHeld.stream().anyMatch(e -> e.ref().equals(held.ref()))) {
            continue; // held on entry (a synchronized method's monitor): no net effect
          }
          // A taken flag is a local: it says nothing to a caller.
          Held mine = Op.TakenFlag.is(held.cond()) ? held.withCond(null) : held;
          Held x = r.value() == null ? mine : onReturned(mine, r.value(), resolver);
          if (nameable(x.ref().val()) && out.exitHeld.stream().noneMatch(y -> y.ref().equals(x.ref()))) {
            out.exitHeld.add(x);
          }
        }
        // A null returned names nothing: a helper handing back the lock it took, or null, returns that lock.
        if (r.value() != null && !Val.isNull(r.value())) {
          if (ret == null) {
            ret = r.value();
          } else if (!ret.equals(r.value())) {
            retConflict = true;
          }
        }
      }
    }
    out.ret = retConflict ? null : ret;
    if (initLock && acquiresAny(n)) {
      out.addOuter(syncAcq); // a touch waits for an initializer only when that can close a cycle: one that locks
    }
    signals.addAll(calleeSignals.at(mf, in));
    Completions.signallers(mf, signals, emitter, facts, syncAcq);
    emitter.stopRecording();
    if (!retConflict && ret != null && mf.ref().desc().endsWith(")Z")) {
      heldWhereTrue(mf, ret, entryHeld, out); // after the recording: its dataflow records nothing
    }
    return out;
  }

  /**
   * A lock left held on the returned object is named through {@link Val.Returned}. A returned
   * value whose identity was lost at a join (a retry loop's variable) still names a held lock on
   * an unknown object of its very type: the same variable lost it at the same join. Held locks
   * are named by normalized paths (a getter's call by what it returns), the returned value by
   * its own call: either names the returned object.
   */
  private static Held onReturned(Held x, Val returned, Resolver resolver) {
    if (returned instanceof Val.Const) {
      return x;
    }
    Val v = Val.rebase(x.ref().val(), returned, new Val.Returned(returned.type()));
    if (v == x.ref().val() && returned instanceof Val.Call) {
      v = Val.rebase(x.ref().val(), resolver.normalize(returned), new Val.Returned(returned.type()));
    }
    return v == x.ref().val() ? x : new Held(new LockRef(x.ref().kind(), v), x.mode(), x.frames(), x.tryLock(),
        x.cond(), x.flags());
  }

  /**
   * Whether a caller can name the object a lock left held at return is on: through the method's
   * parameters, a static, a class literal, the returned object, or a call on those. A fresh object
   * that is not returned (derby's getEntry abandons a locked fresh entry when another thread's
   * won the race) or one whose identity was lost can never be released by the caller, so it is no
   * part of the method's net effect; keeping it would hold it for the rest of every caller.
   */
  static boolean nameable(Val v) {
    Val root = Val.root(v);
    if (root instanceof Val.Param || root instanceof Val.Static || root instanceof Val.ClassLit
        || root instanceof Val.Returned) {
      return true;
    }
    if (root instanceof Val.Call c) {
      for (Val a : c.args()) {
        if (!(a instanceof Val.Const) && !nameable(a)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * A method returning a boolean that it also tests, and that lets a lock go on the paths where
   * that value is false (Guava's {@code Monitor.enterIf}: lock, test the guard, unlock unless it
   * holds, return the test), leaves the lock held where it returns true: its callers hold it where
   * the call's result is true ({@link CallEffects}), as after {@code tryLock}. Found by a second
   * dataflow that never takes the false side of a test of the returned value.
   */
  private void heldWhereTrue(MethodFacts mf, Val returned, List<Held> entryHeld, Summary out) {
    List<Node> nodes = mf.nodes();
    if (nodes.stream().noneMatch(nd -> nd.op() instanceof Op.Test t && t.value().equals(returned))) {
      return;
    }
    HeldSet[] in = new HeldSet[nodes.size()];
    in[0] = HeldSet.of(entryHeld);
    fixpoint(mf, in, returned);
    HeldSet atReturn = null;
    for (int i = 0; i < nodes.size(); i++) {
      if (in[i] != null && nodes.get(i).op() instanceof Op.Return) {
        atReturn = HeldSet.join(atReturn, in[i]);
      }
    }
    for (Held held : atReturn == null ? List.<Held>of() : atReturn.held()) {
      if ((held.cond() == null || Op.TakenFlag.is(held.cond())) && entryHeld.stream().noneMatch(e -> e.ref().equals(held.ref()))
          && nameable(held.ref().val()) && out.exitHeld.stream().noneMatch(y -> y.ref().equals(held.ref()))) {
        out.exitHeld.add(held.withCond(returned));
      }
    }
  }

  private void fixpoint(MethodFacts mf, HeldSet[] in) {
    fixpoint(mf, in, null);
  }

  /** @param assumedTrue a value whose tests never take their false side (null: none) */
  private void fixpoint(MethodFacts mf, HeldSet[] in, Val assumedTrue) {
    List<Node> nodes = mf.nodes();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(0);
    int budget = 64 * nodes.size() + 64;
    while (!work.isEmpty() && budget-- > 0) {
      int i = work.poll();
      Node node = nodes.get(i);
      HeldSet after = transfer.apply(mf, node, in[i], null, null);
      flow(in, node.succs(), after, work);
      if (node.alt().length > 0 && !(node.op() instanceof Op.Test t && t.value().equals(assumedTrue))) {
        flow(in, node.alt(), node.op() instanceof Op.Test t ? after.failed(t.value()) : after, work);
      }
      // A monitorexit that throws has not released (javac's handler exits again); a call has.
      flow(in, node.exc(), node.op() instanceof Op.Invoke ? HeldSet.thrown(in[i], after) : in[i], work);
    }
    if (budget <= 0) {
      limits.hit("dataflow budget", "a method's held-lock dataflow stopped before it settled", null,
          mf.ref().toString());
    }
  }

  private static void flow(HeldSet[] in, int[] succs, HeldSet state, ArrayDeque<Integer> work) {
    for (int s : succs) {
      HeldSet old = in[s];
      HeldSet merged = HeldSet.join(old, state);
      if (old == null || !merged.equals(old)) {
        in[s] = merged;
        work.add(s);
      }
    }
  }

  /**
   * Whether the final pass recorded an acquisition at any node (in the method or its callees) other
   * than a wait for another class's initializer: initializers that only wait for each other are left
   * out (see analyzer/README.md), since every class touched would otherwise reach every caller.
   */
  private boolean acquiresAny(int n) {
    for (int i = 0; i < n; i++) {
      for (Acq a : emitter.acquiredAt(i)) {
        if (a.ref().kind() != LockClass.Kind.INIT) {
          return true;
        }
      }
    }
    return false;
  }
}
