package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Overridden methods that still run on a subclass's objects: a subclass that overrides a method
 * and never calls {@code super}'s version never runs the base's code (h2's pooled connection's
 * {@code close}), so the base's locks are not held on its objects ({@link ObjectsOfLocks}).
 */
final class SuperCalls {
  /**
   * Whether some method of {@code c} or of a class between it and {@code m}'s calls a method of
   * {@code m}'s name through {@code super}: then {@code m} may run on a {@code c}. Unknown classes
   * count as calling it.
   */
  boolean callsSuper(String c, MethodRef m) {
    return superCalls.computeIfAbsent(List.of(c, m), k -> callsSuperUncached(c, m));
  }

  private final Map<List<Object>, Boolean> superCalls = new HashMap<>();
  private final Program program;

  SuperCalls(Program program) {
    this.program = program;
  }

  private boolean callsSuperUncached(String c, MethodRef m) {
    for (String k = c; k != null && !k.equals(m.owner()); ) {
      ClassInfo ci = program.classInfo(k);
      if (ci == null) {
        return true;
      }
      for (String sig : ci.methods().keySet()) {
        int paren = sig.indexOf('(');
        MethodFacts mf = program.facts(MethodRef.of(k, sig.substring(0, paren), sig.substring(paren)));
        for (Node n : mf == null ? List.<Node>of() : mf.nodes()) {
          if (n.op() instanceof Op.Invoke inv && inv.kind().equals("special") && inv.method().name().equals(m.name())
              && inv.method().desc().equals(m.desc())) {
            return true;
          }
        }
      }
      k = ci.superName();
    }
    return false;
  }

}
