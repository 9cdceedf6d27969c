package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;

/**
 * Functions handed to code outside the inputs, which runs them later: a stage's callback ({@code
 * stage.whenComplete((r, t) -> lock.unlockRead(stamp))}), a reactive stream's {@code doFinally}.
 * A lock such a function lets go of is handed with it: whoever runs the function releases it, and
 * the thread that handed it over no longer holds it, as a semaphore's permit handed to a task
 * ({@link LockFacts#handedOff}). Only locks no thread owns can be let go of that way (a stamp, a
 * permit); a {@code ReentrantLock} must be unlocked by its owner, so a function that unlocks one
 * runs on the owner's thread, later, and the lock stays held until then.
 */
final class HandedFunctions {
  private HandedFunctions() {}

  /**
   * The calls of the lambdas {@code inv} hands to code the analysis does not read, each as a call
   * of the lambda with what it captured and unknown arguments; none when the call reaches code in
   * the inputs or runs its functions at once ({@link RunsNow}).
   */
  static List<Op.Invoke> of(Op.Invoke inv, Program program) {
    List<Val.Lambda> handed = lambdas(inv, program);
    if (handed.isEmpty()) {
      return List.of();
    }
    List<Op.Invoke> out = new ArrayList<>(handed.size());
    // A lambda's call is sent to its body by the method's name alone (CallTargets).
    handed.forEach(l -> out.add(RunsNow.lambdaCall(l, program.facts(l.impl()), "()V")));
    return out;
  }

  /** The lambda bodies {@link #of} hands over: their summaries must be ready before the caller's. */
  static List<MethodRef> bodies(Op.Invoke inv, Program program) {
    return lambdas(inv, program).stream().map(Val.Lambda::impl).toList();
  }

  private static List<Val.Lambda> lambdas(Op.Invoke inv, Program program) {
    List<Val.Lambda> out = null;
    for (int i = 1; i < inv.args().size(); i++) {
      if (!(inv.args().get(i) instanceof Val.Lambda l)) {
        continue;
      }
      MethodFacts impl = program.facts(l.impl());
      if (impl == null || impl.paramTypes().size() < l.captures().size()) {
        continue;
      }
      if (out == null) {
        if (program.reachesInputs(inv) || !RunsNow.of(inv, program).isEmpty()) {
          return List.of();
        }
        out = new ArrayList<>(1);
      }
      out.add(l);
    }
    return out == null ? List.of() : out;
  }

  /** Whether a lock of this kind may be let go of by a thread other than the one that took it. */
  static boolean ownerless(LockClass.Kind kind) {
    return kind == LockClass.Kind.STAMPED_LOCK || kind == LockClass.Kind.SEMAPHORE;
  }
}
