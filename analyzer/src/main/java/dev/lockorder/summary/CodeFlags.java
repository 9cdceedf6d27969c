package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.FlagGuard;
import dev.lockorder.ir.Guard;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.StateFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a test of a parameter's int field ({@code code=c}, from the bytecode stage's constant
 * tests) only where a caller could decide it: the field is one that constructors alone set, each
 * from a parameter. Any other such flag can never be decided, and would only split the method's
 * summary entries by flags, which count against the per-method cap (derby and h2 dropped entries
 * in a tenth more methods with them kept). A null test of a reference field ({@code first!}) is
 * kept only where {@link SetBeforeMade} could decide it, and a getter test only its class can
 * decide ({@link FlagGuard#BY_CLASS}) only for a type code: a getter every class of the program
 * answers with a constant of its own ({@code isConnectionControl()}); spring's getters, computed from
 * state, cost it summary entries at the cap, and its two leads with them.
 */
final class CodeFlags {
  private CodeFlags() {}

  /** Rewrites, in place, the methods whose nodes carry code flags no caller can decide. */
  static void keepDecidable(Program program, Map<MethodRef, MethodFacts> methods) {
    CtorFields ctorFields = new CtorFields(program);
    Map<String, Boolean> decidable = new HashMap<>();
    Map<String, Boolean> typeCodes = typeCodes(program);
    methods.replaceAll((ref, mf) -> {
      List<Node> nodes = null;
      for (int i = 0; i < mf.nodes().size(); i++) {
        Node n = mf.nodes().get(i);
        if (n.guards().isEmpty()) {
          continue; // most nodes: nothing to keep or drop, no list made
        }
        List<Guard> kept = new ArrayList<>(n.guards().size());
        for (Guard g : n.guards()) {
          if (g instanceof FlagGuard f && f.field().startsWith(FlagGuard.BY_CLASS)) {
            if (typeCodes.getOrDefault(f.field().substring(1, f.field().length() - FlagGuard.PREDICATE.length()), false)) {
              kept.add(g);
            }
          } else if (!(g instanceof FlagGuard f) || !isCode(f) && !isNull(f) || decidable.computeIfAbsent(
              mf.paramTypes().get(f.param()) + " " + f.field(), k -> isNull(f) ? SetBeforeMade.settles(program,
                  program.fieldDeclarer(mf.paramTypes().get(f.param()), name(f)), name(f))
                  : decidable(program, ctorFields, mf, f))) {
            kept.add(g);
          }
        }
        if (kept.size() < n.guards().size()) {
          if (nodes == null) {
            nodes = new ArrayList<>(mf.nodes());
          }
          nodes.set(i, new Node(n.op(), n.line(), n.offset(), n.succs(), n.alt(), n.exc(), kept));
        }
      }
      return nodes == null ? mf
          : new MethodFacts(mf.ref(), mf.access(), mf.paramTypes(), nodes, mf.stores(), mf.merged(), mf.flagWrites(),
              mf.mergedAt(), mf.counts(), mf.winning(), mf.handles());
    });
  }

  /** By a boolean getter's name: whether every class's own is a constant that reads no field. */
  private static Map<String, Boolean> typeCodes(Program program) {
    Map<String, Boolean> out = new HashMap<>();
    for (ClassInfo ci : program.classes().values()) {
      ci.methods().forEach((sig, mi) -> {
        if (sig.endsWith("()Z") && !mi.isAbstract() && !mi.isStatic()) {
          StateFacts s = mi.state();
          out.merge(sig.substring(0, sig.length() - 3), s != null && s.predicate() != null && s.predicateReads().isEmpty(),
              Boolean::logicalAnd);
        }
      });
    }
    return out;
  }

  private static boolean isCode(FlagGuard f) {
    return !f.field().startsWith("=") && f.field().indexOf('=') > 0;
  }

  private static boolean isNull(FlagGuard f) {
    return f.field().endsWith(FlagGuard.SET);
  }

  private static String name(FlagGuard f) {
    return isNull(f) ? f.field().substring(0, f.field().length() - 1) : f.field().substring(0, f.field().indexOf('='));
  }

  private static boolean decidable(Program program, CtorFields ctorFields, MethodFacts mf, FlagGuard f) {
    String declarer = program.fieldDeclarer(mf.paramTypes().get(f.param()), name(f));
    return declarer != null
        && (ctorFields.fromParams(declarer, name(f)) || SiteCodes.decidable(program, declarer, name(f)));
  }
}
