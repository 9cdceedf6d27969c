package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Receivers made from a parameter by calls: in {@code table.getScanIndex(s).find(..).next()} the
 * cursor's class follows from the table's. For a target of such a call, the classes of the
 * parameter for which the chain can end there: h2's {@code Analyze.analyzeTable} runs a linked
 * table's cursor only for a linked table, and the session's tables to analyze are never linked
 * ones. Each class is followed through what the flow says the chain's targets return.
 */
final class MadeFromParam {
  /** Parameter {@code param} must be one of {@code classes} (or a subclass) for the target to run. */
  record Bound(int param, Set<String> classes) {}

  private static final int CALL_CHAIN = 4;
  private static final int MAX_CLASSES = 64;
  private static final int MAX_BOUND = 8;

  private final Program program;
  private final Map<List<Object>, java.util.Optional<Bound>> memo = new HashMap<>();

  MadeFromParam(Program program) {
    this.program = program;
  }

  /** The bound for {@code target} reached from {@code recv}, or null when every class may reach it or nothing is known. */
  Bound bound(Val recv, MethodRef target, MethodFacts caller) {
    Val root = recv;
    for (int i = 0; i <= CALL_CHAIN && root instanceof Val.Call c && !c.args().isEmpty()
        && !program.isStaticMethod(c.method()); i++) {
      root = c.args().get(0);
    }
    if (!(root instanceof Val.Param p) || p.index() >= caller.paramTypes().size()) {
      return null;
    }
    return memo.computeIfAbsent(List.of(caller.ref(), recv, target),
        k -> java.util.Optional.ofNullable(compute(recv, p, target, caller.ref()))).orElse(null);
  }

  private Bound compute(Val recv, Val.Param param, MethodRef target, MethodRef in) {
    TypeFlow flow = program.typeFlow();
    Set<String> classes = flow.classes(flow.typesOf(param, in));
    if (classes == null) {
      // Nothing known of what reaches the parameter: every class its type admits.
      List<String> all = program.concreteSubtypes(param.type()); // each class once: its size is the set's
      if (all.size() > MAX_CLASSES) {
        return null; // before copying: Object's list is every class of a closure
      }
      classes = new TreeSet<>(all);
    }
    // Only classes the parameter's type admits: the flow is field-based, and a container's
    // contents can bring the container's own class along.
    classes.removeIf(c -> !program.isSubtype(c, param.type()));
    Set<String> leading = new TreeSet<>();
    for (String c : classes) {
      Set<String> at = flow.classesIf(recv, in, param.index(), c, CALL_CHAIN);
      // Unknown on the way: that class may lead there.
      if (at == null || at.stream().anyMatch(r -> target.equals(program.resolve(r, target.name(), target.desc())))) {
        leading.add(c);
      }
    }
    if (leading.isEmpty() || leading.size() == classes.size() || leading.size() > MAX_BOUND) {
      return null;
    }
    return new Bound(param.index(), leading);
  }
}
