package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import dev.lockorder.summary.FlowValues.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A getter's result per allocation site of the object it is called on, for a field that only
 * constructors fill, each from one of its parameters ({@link CtorFields#fromParams}): an object made
 * at a site holds what that site's constructor call was handed. The type flow keeps one set per
 * field, so httpcore's {@code Message.getBody()} on the duplexer's own outgoing message returned
 * every body any {@code new Message(..)} got, the users' included. A call of such a getter on a
 * receiver the flow knows takes, for each of the receiver's sites, that site's argument (in the
 * allocating method's terms), and the field's whole set only for the receiver's other objects
 * ({@code this} of a method, the outside's, a site whose constructor call is not one known
 * argument). Classes with more than {@link #MAX_SITES} allocation sites keep the field's set.
 */
final class SiteFields {
  static final int MAX_SITES = 16;

  private record Made(String site, String type, MethodRef in) {}

  private final Program program;
  private final CtorFields ctorFields;
  private final FlowGraph<FlowKey> graph;
  private final FlowValues values;
  private final Map<MethodRef, Optional<Val.Field>> getters = new HashMap<>();

  SiteFields(Program program, CtorFields ctorFields, FlowGraph<FlowKey> graph, FlowValues values) {
    this.program = program;
    this.ctorFields = ctorFields;
    this.graph = graph;
    this.values = values;
  }

  /**
   * Links what getter {@code t} returns on the objects reaching node {@code recv} (those {@code
   * runs} accepts) into node {@code to}, per allocation site; false, with nothing linked, when
   * {@code t} is no getter of such a field or its class is made at too many sites.
   */
  boolean getter(int recv, MethodRef t, IntPredicate runs, int whole, int to) {
    Val.Field f = getters.computeIfAbsent(t, k -> Optional.ofNullable(returnedField(k))).orElse(null);
    if (f == null) {
      return false;
    }
    String decl = program.fieldDeclarer(f.owner(), f.name());
    List<Made> made = new ArrayList<>();
    for (String c : program.concreteSubtypes(decl)) {
      for (String s : program.sites().ofClass(c)) {
        made.add(new Made(s, c, program.sites().madeIn(s)));
      }
      if (made.size() > MAX_SITES) {
        return false;
      }
    }
    Set<Integer> known = new HashSet<>();
    for (Made m : made) {
      int id = graph.typeId(new Site(m.site(), m.type()));
      Val got = runs.test(id) ? ctorFields.filledAt(m.site(), decl, f.name()) : null;
      if (got != null) {
        known.add(id);
        graph.guard(recv, x -> x == id, new int[] {values.valueNode(got, m.in())}, new int[] {to}, true);
      }
    }
    graph.guard(recv, x -> runs.test(x) && !known.contains(x), whole, to);
    return true;
  }

  /**
   * The field of {@code this} that every return of {@code t} hands back, when only constructors
   * fill that field, from their parameters; null otherwise.
   */
  private Val.Field returnedField(MethodRef t) {
    MethodFacts mf = program.facts(t);
    Val.Field out = null;
    for (Node n : mf == null || mf.isStatic() ? List.<Node>of() : mf.nodes()) {
      if (n.op() instanceof Op.Return r) {
        if (!(r.value() instanceof Val.Field f && f.base() instanceof Val.Param p && p.index() == 0)
            || out != null && !out.equals(f)) {
          return null;
        }
        out = f;
      }
    }
    return out != null && ctorFields.fromParams(program.fieldDeclarer(out.owner(), out.name()), out.name())
        ? out : null;
  }
}
