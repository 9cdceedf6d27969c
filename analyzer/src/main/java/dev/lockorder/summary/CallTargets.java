package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a call runs, and with which arguments: the methods its receiver's objects resolve to (a
 * lambda its code, an object made on the spot its exact class's method, a field holding only
 * allocations their classes' methods), and the callee's parameters in the caller's terms.
 */
final class CallTargets {
  private final Program program;
  private final Resolver resolver;
  private final Set<MethodRef> lambdaImpls;

  CallTargets(Program program, Resolver resolver, Set<MethodRef> lambdaImpls) {
    this.program = program;
    this.resolver = resolver;
    this.lambdaImpls = lambdaImpls;
  }

  /** The targets of a call made in method {@code in}. */
  List<MethodRef> targetsOf(Op.Invoke inv, MethodRef in) {
    if ((inv.kind().equals("virtual") || inv.kind().equals("interface")) && !inv.args().isEmpty()) {
      Val recv = resolver.normalize(inv.args().get(0));
      if (recv instanceof Val.Lambda l && l.sam().equals(inv.method().name())) {
        return program.facts(l.impl()) != null ? List.of(l.impl()) : List.of();
      }
      if (recv instanceof Val.New nw) {
        // The object's class is exact: only its own method runs, never an application subclass's
        // (new PrintWriter(w).flush() is not some subclass's flush()).
        MethodRef r = program.resolve(nw.type(), inv.method().name(), inv.method().desc());
        return r != null && program.facts(r) != null ? List.of(r) : List.of();
      }
      if (recv instanceof Val.Field || recv instanceof Val.Static) {
        List<MethodRef> exact = allocatedOnly(recv, inv.method());
        if (exact != null) {
          return exact;
        }
      }
    }
    return program.targets(inv, in);
  }

  /**
   * When every value ever stored into the receiver's field is an allocation, the classes allocated
   * are the receiver's exact classes: a {@code Map.get} on a field that only ever holds a {@code new
   * ConcurrentHashMap} runs the JDK's code, not an application class that implements {@code Map}
   * somewhere else. Null when some stored value is not an allocation (or none is seen).
   */
  private List<MethodRef> allocatedOnly(Val field, MethodRef m) {
    List<Val> values = program.valuesOf(field);
    if (values.isEmpty()) {
      return null;
    }
    java.util.Set<MethodRef> out = new java.util.TreeSet<>();
    for (Val v : values) {
      if (!(v instanceof Val.New nw)) {
        return null;
      }
      MethodRef r = program.resolve(nw.type(), m.name(), m.desc());
      if (r != null && program.facts(r) != null) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The callee's parameters in the caller's terms, getters followed (a handle returned by one call
   * and closed by another is the object the first call returned); a lambda's captured values come
   * first.
   */
  List<Val> actuals(Op.Invoke inv, MethodRef target) {
    List<Val> args = new ArrayList<>(inv.args().size());
    for (Val a : inv.args()) {
      // Only paths and calls can name something else once getters are followed.
      args.add(a instanceof Val.Field || a instanceof Val.Elem || a instanceof Val.Call ? resolver.normalize(a) : a);
    }
    if (inv.kind().equals("virtual") || inv.kind().equals("interface")) {
      Val recv = args.isEmpty() ? null : args.get(0);
      boolean ownLambda = recv instanceof Val.Lambda l && l.impl().equals(target);
      if (ownLambda || lambdaCode(inv, target)) {
        // A lambda's code, its captures first: one passed or stored, or one a call returned here.
        List<Val> caps = ownLambda ? ((Val.Lambda) recv).captures() : null;
        MethodFacts tf = program.facts(target);
        int extra = args.size() - 1;
        int ncap = tf.paramTypes().size() - extra;
        List<Val> out = new ArrayList<>();
        for (int i = 0; i < ncap; i++) {
          String type = tf.paramTypes().get(i);
          // A lambda given as a parameter: what it captured, named through the parameter, is
          // known to whoever passed it (Captures).
          out.add(caps != null && i < caps.size() ? caps.get(i)
              : recv instanceof Val.Param ? Captures.of(recv, target, i, type) : new Val.Unknown(type));
        }
        out.addAll(args.subList(1, args.size()));
        return out;
      }
      if (recv != null && !recv.type().equals(target.owner()) && program.isSubtype(target.owner(), recv.type())) {
        // Inside the subclass's method, its receiver is a subclass object: its monitor is that
        // class's, a parameter's too (a synchronized override reached through its base type).
        args.set(0, recv instanceof Val.Param p ? new Val.Param(p.index(), target.owner())
            : Val.narrow(recv, target.owner()));
      }
    }
    return args;
  }

  /**
   * The parameter whose lambda's code {@code target} is, for a call on a parameter that reaches a
   * lambda's code (a helper running the task it was given); -1 otherwise.
   */
  int lambdaParam(Op.Invoke inv, MethodRef target) {
    if (!(inv.kind().equals("virtual") || inv.kind().equals("interface")) || inv.args().isEmpty()
        || !lambdaCode(inv, target)) {
      return -1;
    }
    return resolver.normalize(inv.args().get(0)) instanceof Val.Param p ? p.index() : -1;
  }

  /**
   * Whether the call reaches {@code target} as a lambda's code, not as a method of the receiver's
   * own class: a class that implements the interface runs its own method of the interface's name,
   * never a differently named one (lucene's {@code StandardDirectoryReader}, a {@code Closeable},
   * closing through its own {@code lambda$doClose$1}).
   */
  private boolean lambdaCode(Op.Invoke inv, MethodRef target) {
    return lambdaImpls.contains(target)
        && (!program.isSubtype(target.owner(), inv.method().owner()) || !target.name().equals(inv.method().name()));
  }
}
