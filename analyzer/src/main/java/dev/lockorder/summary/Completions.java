package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * lockdep's completions: the signaller's path up to the signal runs holding {@code (completion)X},
 * so each lock taken on the way to the signal (in that method and its callees) depends on it. The
 * signalled object's own lock (held around notify or signal) is left out. When every wait on the
 * object waits only while a counter is not zero, the path is owed from the method's increment of
 * that counter on ({@link CountGates}); when every wait waits only while bits of the waited object's
 * own field are set, from the method's store setting them on ({@link BitGates}).
 */
final class Completions {
  /**
   * A signal (countDown, notify, signal) at a node, on the completion {@code target}.
   *
   * @param rounds an arrival at a cyclic barrier, which both waits and signals, round after round
   */
  record Signal(int node, Val target, Val ownLock, Trace frames, boolean rounds) {
    Signal(int node, Val target, Val ownLock, Trace frames) {
      this(node, target, ownLock, frames, false);
    }
  }

  /**
   * Whether a wait is at a barrier that trips in rounds. Such a wait that comes before an arrival
   * only across a loop's back edge is in the round before that arrival's: the barrier it waited
   * for has tripped, so it orders nothing (ehcache's XAThreadPool runner crossing {@code start}
   * then {@code end} in each round).
   */
  private static boolean roundWait(Acq a) {
    String t = a.ref().val().type();
    return a.ref().kind() == LockClass.Kind.COMPLETION
        && (t.equals("java/util/concurrent/CyclicBarrier") || t.equals("java/util/concurrent/Phaser"));
  }

  private Completions() {}

  /**
   * Whether a wait on the way to a signal is on another condition of the signalled condition's own
   * lock: a bounded buffer's put waits on "not full" before it signals "not empty". Both waits are
   * guarded by predicates under that one lock, which a single state cannot make true together, so
   * they are not an order between the two conditions.
   */
  private static boolean sameOwner(Val waited, Val signalOwner, LockFacts facts) {
    if (signalOwner == null) {
      return false;
    }
    Val own = facts.conditionOwner(waited);
    return own != null && facts.sameLockClass(own, signalOwner);
  }

  /**
   * @param atEntry what the method acquires on entry (a synchronized method's monitor): taken on
   *     the way to every signal, as a lock taken at a node that reaches it
   */
  static void signallers(MethodFacts mf, List<Signal> signals, Emitter emitter, LockFacts facts, Acq atEntry) {
    if (signals.isEmpty()) {
      return;
    }
    List<Node> nodes = mf.nodes();
    List<List<Integer>> preds = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      preds.add(new ArrayList<>());
    }
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      for (int[] succs : new int[][] {n.succs(), n.alt(), n.exc()}) {
        for (int t : succs) {
          preds.get(t).add(i);
        }
      }
    }
    for (Signal sig : signals) {
      BitSet reaches = reach(preds, sig.node(), false);
      BitSet owed = facts.counts().owed(mf, sig.target());
      if (owed == null) {
        owed = facts.bits().owed(mf, sig.target());
      }
      if (owed != null) {
        // waiters wait for a counter this method raises, or a bit lock it takes: owed from there on
        reaches.and(owed);
      }
      BitSet thisRound = sig.rounds() ? reach(preds, sig.node(), true) : reaches;
      Held completion = new Held(new LockRef(LockClass.Kind.COMPLETION, sig.target()), Mode.EXCLUSIVE,
          sig.frames(), false);
      if (atEntry != null && owed == null && !sig.rounds()) {
        signalledUnder(completion, atEntry, sig, emitter, facts);
      }
      for (int i = reaches.nextSetBit(0); i >= 0; i = reaches.nextSetBit(i + 1)) {
        for (Acq a : emitter.acquiredAt(i)) {
          if (thisRound.get(i) || !roundWait(a)) {
            signalledUnder(completion, a, sig, emitter, facts);
          }
        }
      }
    }
  }

  /** Edge from the completion to {@code a}, taken on the way to its signal, unless it is the signal's own. */
  private static void signalledUnder(Held completion, Acq a, Signal sig, Emitter emitter, LockFacts facts) {
    if (sig.ownLock() != null && facts.sameLockClass(a.ref().val(), sig.ownLock())) {
      return;
    }
    if (a.ref().kind() == LockClass.Kind.COMPLETION && (a.ref().val().equals(sig.target())
        || sameOwner(a.ref().val(), sig.ownLock(), facts))) {
      return;
    }
    emitter.emitEdge(List.of(completion), a, true);
  }

  /**
   * The nodes that reach {@code to}; with {@code forwardOnly}, without a backward jump (nodes are
   * in instruction order).
   */
  private static BitSet reach(List<List<Integer>> preds, int to, boolean forwardOnly) {
    BitSet seen = new BitSet(preds.size());
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(to);
    while (!work.isEmpty()) {
      int x = work.poll();
      for (int p : preds.get(x)) {
        if ((!forwardOnly || p < x) && !seen.get(p)) {
          seen.set(p);
          work.add(p);
        }
      }
    }
    return seen;
  }
}
