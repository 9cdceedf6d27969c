package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls that hand back an object made during the call, which therefore no other call hands out: a
 * client's {@code send()} returning {@code new Handler().future}, whose constructor made the
 * future. Each such call is a context of its own for what its object is given ({@link
 * HolderElements}): every future is made at one site inside {@code send}, but a listener a caller
 * adds to the future its call returned is in that future only.
 *
 * <p>Followed, at most {@link #DEPTH} calls deep: an allocation in the method at hand; a call with
 * one target method, through every value that method returns, its parameters read as the call's
 * arguments; a field of such an object that only constructors set, each to an object it makes then
 * (the handler's {@code future}). Anything else, a field that some method sets or a call with
 * several targets, is not known to be fresh.
 */
final class FreshReturns {
  private static final int DEPTH = 4;

  /** A callee's parameters: the arguments of the call into it, in the caller's terms. */
  private record Args(List<Val> args, MethodRef in, Args up) {}

  private final Program program;
  private final Map<List<Object>, Boolean> memo = new HashMap<>();

  FreshReturns(Program program) {
    this.program = program;
  }

  /**
   * Whether every object {@code v} (in {@code in}) can be was made by a method {@code in} called,
   * during the call: a fresh factory's result, or, in a callee's summary read in {@code in}'s
   * terms, an object a callee made.
   */
  boolean fresh(Val v, MethodRef in) {
    if (!(v instanceof Val.Call || v instanceof Val.Field || v instanceof Val.New n && !n.madeIn(in))) {
      return false;
    }
    return memo.computeIfAbsent(List.of(v, in), k -> fresh(v, in, null, DEPTH));
  }

  private boolean fresh(Val v, MethodRef in, Args args, int depth) {
    if (v instanceof Val.New n) {
      return n.site() != null; // made here, or by a callee whose summary is read here
    }
    if (v instanceof Val.Param p) {
      return args != null && p.index() < args.args().size()
          && fresh(args.args().get(p.index()), args.in(), args.up(), depth);
    }
    if (v instanceof Val.Field f) {
      return Nesting.madeByItsOwner(program.fieldDeclarer(f.owner(), f.name()), f.name(), program)
          && fresh(f.base(), in, args, depth);
    }
    if (!(v instanceof Val.Call c) || depth <= 0) {
      return false;
    }
    MethodRef target = FactoryFilled.oneTarget(program, c.method());
    MethodFacts tf = target == null ? null : program.facts(target);
    if (tf == null) {
      return false;
    }
    Args inner = new Args(c.args(), in, args);
    boolean any = false;
    for (Node n : tf.nodes()) {
      if (n.op() instanceof Op.Return r && r.value() != null) {
        if (!fresh(r.value(), target, inner, depth - 1)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }
}
