package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference fields set before anything that reaches them is made: a server's {@code first} stage,
 * which only ever holds a stage made where it is stored (never null again once set), and which the
 * server sets, in a call on itself, before it makes the worker that holds it ({@code setup();
 * startWorker();}, {@code startWorker} making {@code new Worker(this)}; zookeeper's {@code
 * firstProcessor}, set by {@code setupRequestProcessors()} before {@code startRequestThrottler()}).
 * Whatever the worker does, it finds {@code server.first} set: its null test's null side is dead
 * there, whichever thread runs it. Closed world: every call of the allocating method, and of
 * its callers up to {@value #MAX_DEPTH} deep, is one the inputs make on their own {@code this}.
 */
final class SetBeforeMade {
  private static final int MAX_DEPTH = 4;
  private static final int MAX_CLASSES = 32;

  private final Program program;
  private final CtorFields ctorFields;
  private final Map<String, Boolean> known = new HashMap<>();

  SetBeforeMade(Program program, CtorFields ctorFields) {
    this.program = program;
    this.ctorFields = ctorFields;
  }

  /**
   * Whether every store into {@code decl.name} is an object made right there (so it is never null
   * again once set), one at least on every path of a method into its {@code this}.
   */
  static boolean settles(Program program, String decl, String name) {
    List<FieldStore> stores = decl == null ? List.of() : program.storesOf(decl, name);
    return !stores.isEmpty() && stores.stream().allMatch(st -> st.value() instanceof Val.New)
        && stores.stream().anyMatch(FieldStore::always);
  }

  /**
   * True when reference field {@code name} of {@code actual} is set wherever {@code actual} is: it
   * is field {@code g} of an object, which constructors alone fill from their parameters, with
   * the allocating method's own {@code this} at every allocation site of every class that has
   * {@code g}, and every call of that method comes after a call on the same object that always
   * sets {@code name}. Null when that is not known.
   */
  Boolean set(Val actual, String name) {
    if (!(actual instanceof Val.Field g) || g.base() == null) {
      return null;
    }
    String decl = program.fieldDeclarer(actual.type(), name);
    String gDecl = program.fieldDeclarer(g.owner(), g.name());
    if (gDecl == null || !settles(program, decl, name)) {
      return null;
    }
    String key = gDecl + "." + g.name() + " " + decl + "." + name;
    return known.computeIfAbsent(key, k -> setThrough(gDecl, g.name(), decl, name)) ? Boolean.TRUE : null;
  }

  private boolean setThrough(String gDecl, String g, String decl, String name) {
    if (!ctorFields.fromParams(gDecl, g)) {
      return false;
    }
    List<String> classes = program.concreteSubtypes(gDecl);
    if (classes.isEmpty() || classes.size() > MAX_CLASSES) {
      return false;
    }
    int seen = 0;
    for (String c : classes) {
      for (String site : program.sites().ofClass(c)) {
        seen++;
        Val filled = ctorFields.filledAt(site, gDecl, g);
        MethodRef in = program.sites().madeIn(site);
        MethodFacts mf = in == null ? null : program.facts(in);
        if (!(filled instanceof Val.Param p) || p.index() != 0 || mf == null || mf.isStatic()
            || !setAtEntry(in, decl, name, 0)) {
          return false;
        }
      }
    }
    return seen > 0;
  }

  /** Whether every call of {@code m} in the inputs is made on the caller's {@code this} after it set the field. */
  private boolean setAtEntry(MethodRef m, String decl, String name, int depth) {
    List<CallGraph.Site> sites = program.callGraph().sites(m);
    if (depth > MAX_DEPTH || sites.isEmpty()) {
      return false;
    }
    for (CallGraph.Site s : sites) {
      MethodFacts caller = program.facts(s.caller());
      if (caller == null || caller.isStatic() || !(caller.nodes().get(s.node()).op() instanceof Op.Invoke inv)
          || inv.kind().equals("static") || !(inv.args().get(0) instanceof Val.Param p) || p.index() != 0
          || !setBefore(caller, s.node(), decl, name) && !setAtEntry(s.caller(), decl, name, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every path to node {@code at} of {@code mf} passes a call on its {@code this} whose
   * every target always sets the field.
   */
  private boolean setBefore(MethodFacts mf, int at, String decl, String name) {
    List<Node> nodes = mf.nodes();
    for (int k = 1; k < nodes.size(); k++) {
      if (k != at && nodes.get(k).op() instanceof Op.Invoke inv && !inv.kind().equals("static")
          && inv.args().get(0) instanceof Val.Param p && p.index() == 0 && setsAlways(inv, mf.ref(), decl, name)
          && !NodeReach.forward(nodes, List.of(0), k).get(at)) {
        return true;
      }
    }
    return false;
  }

  private boolean setsAlways(Op.Invoke inv, MethodRef in, String decl, String name) {
    List<MethodRef> ts = program.targets(inv, in);
    return !ts.isEmpty() && ts.stream().allMatch(t -> {
      MethodFacts tf = program.facts(t);
      return tf != null && tf.stores().stream().anyMatch(st -> st.always() && st.name().equals(name)
          && decl.equals(program.fieldDeclarer(st.owner(), st.name())));
    });
  }
}
