package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signals a callee sends on an object its caller hands it (a parameter other than the callee's own
 * {@code this}, or a field of one: an {@code unlock(f, fh)} helper that notifies {@code f}): the
 * caller sends them at the call, so what it locks on the way there is owed, as if it signalled
 * itself (and the caller's own gates on that object, a bit lock it raised, apply). One call down
 * only. A signal on the callee's own object or its fields (a buffer's put signalling "not empty", a
 * future's set) is the callee's business, owed from where it enters the state its waiters test.
 */
final class CalleeSignals {
  private final Program program;
  private final LockFacts facts;
  private final Frames frames;
  /** Per callee: each signal's object and the lock it holds around it, in the callee's terms. */
  private final Map<MethodRef, List<Val[]>> sent = new HashMap<>();

  CalleeSignals(Program program, LockFacts facts, Frames frames) {
    this.program = program;
    this.facts = facts;
    this.frames = frames;
    for (MethodFacts mf : program.methods()) {
      List<Val[]> s = sentBy(mf);
      if (!s.isEmpty()) {
        sent.put(mf.ref(), s);
      }
    }
  }

  /** The signals {@code mf}'s reachable calls send on objects it hands over, at their call nodes. */
  List<Completions.Signal> at(MethodFacts mf, HeldSet[] in) {
    List<Completions.Signal> out = new ArrayList<>();
    if (sent.isEmpty()) {
      return out;
    }
    List<Node> nodes = mf.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      if (in[i] == null || !(nodes.get(i).op() instanceof Op.Invoke inv)) {
        continue;
      }
      for (MethodRef t : program.targets(inv, mf.ref())) {
        if (t.equals(mf.ref())) {
          continue;
        }
        for (Val[] s : sent.getOrDefault(t, List.of())) {
          out.add(new Completions.Signal(i, Subst.rewrite(s[0], inv.args()),
              s[1] == null ? null : Subst.rewrite(s[1], inv.args()),
              frames.trace(mf.ref(), nodes.get(i), Frame.Kind.CALL)));
        }
      }
    }
    return out;
  }

  private List<Val[]> sentBy(MethodFacts tf) {
    List<Val[]> out = new ArrayList<>();
    for (Node n : tf.nodes()) {
      // The signalling calls' names first: asking every call's effect costs more than the rest.
      if (n.op() instanceof Op.Invoke s && !s.args().isEmpty() && signalName(s.method().name())
          && Models.effect(program, s.method()) == Models.Effect.SIGNAL
          && Val.root(s.args().get(0)) instanceof Val.Param p && (p.index() > 0 || tf.isStatic())) {
        out.add(new Val[] {s.args().get(0), facts.ownLock(s.args().get(0), s.method())});
      }
    }
    return out.isEmpty() ? List.of() : out;
  }

  private static boolean signalName(String n) {
    return n.startsWith("notify") || n.startsWith("signal") || n.equals("countDown") || n.startsWith("arrive");
  }
}
