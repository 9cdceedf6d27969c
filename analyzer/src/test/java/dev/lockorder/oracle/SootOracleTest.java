package dev.lockorder.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.Lockorder;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.summary.CallGraph;
import dev.lockorder.summary.Program;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import soot.G;
import soot.PackManager;
import soot.Scene;
import soot.SootClass;
import soot.SootMethod;
import soot.jimple.Stmt;
import soot.jimple.toolkits.callgraph.Edge;
import soot.options.Options;

/**
 * Soot as an independent oracle (test scope only): every call edge that Soot's CHA finds between
 * application methods must be in our call graph, unless it is one of our documented
 * approximations; and the monitorenter and lock-API call sites of every method must match.
 *
 * <p>Documented differences (analyzer/README.md): we narrow CHA by the types the program
 * instantiates (RTA), so an edge into a class that is never allocated is absent; call sites with
 * more than {@link Program#MAX_TARGETS} targets are cut; static initializers run implicitly and
 * are not call edges for us.
 */
@Isolated("Soot keeps global state: one analysis at a time per JVM")
class SootOracleTest {

  static String sig(SootMethod m) {
    return m.getDeclaringClass().getName().replace('.', '/') + "." + m.getName() + descriptor(m);
  }

  static String descriptor(SootMethod m) {
    StringBuilder sb = new StringBuilder("(");
    for (soot.Type t : m.getParameterTypes()) {
      sb.append(desc(t));
    }
    return sb.append(')').append(desc(m.getReturnType())).toString();
  }

  static String desc(soot.Type t) {
    if (t instanceof soot.ArrayType a) {
      return "[".repeat(a.numDimensions) + desc(a.baseType);
    }
    if (t instanceof soot.RefType r) {
      return "L" + r.getClassName().replace('.', '/') + ";";
    }
    return switch (t.toString()) {
      case "int" -> "I"; case "long" -> "J"; case "boolean" -> "Z"; case "byte" -> "B"; case "char" -> "C";
      case "short" -> "S"; case "float" -> "F"; case "double" -> "D"; case "void" -> "V";
      default -> throw new IllegalArgumentException(t.toString());
    };
  }

  static synchronized void runSoot(String classes) {
    G.reset();
    Options o = Options.v();
    o.set_prepend_classpath(true);
    o.set_allow_phantom_refs(true);
    o.set_whole_program(true);
    o.set_keep_line_number(true);
    o.set_output_format(Options.output_format_none);
    o.set_output_dir("target/soot-out");
    o.set_process_dir(List.of(classes));
    // The JDK only resolves types: no bodies, or the oracle takes minutes.
    o.set_exclude(List.of("java.*", "javax.*", "jdk.*", "sun.*", "com.sun.*"));
    o.set_no_bodies_for_excluded(true);
    o.setPhaseOption("cg", "all-reachable:true");
    o.setPhaseOption("cg.cha", "on");
    o.setPhaseOption("jb", "use-original-names:true");
    Scene.v().loadNecessaryClasses();
    PackManager.v().getPack("cg").apply();
  }

  @ParameterizedTest
  @ValueSource(strings = {"wireguard", "patterns", "implicit"})
  void callEdgesAndLockSites_matchSoot(String module) throws Exception {
    String classes = Fixtures.classes(module).toString();
    Program program = Lockorder.program(AnalysisConfig.builder().input(Fixtures.classes(module)).build());
    Map<MethodRef, Set<MethodRef>> ours = new CallGraph(program).edges();
    Set<String> ourEdges = new TreeSet<>();
    ours.forEach((from, tos) -> tos.forEach(to -> ourEdges.add(from + " -> " + to)));

    runSoot(classes);
    Set<String> missing = new TreeSet<>();
    Set<String> approximations = new TreeSet<>();
    for (Edge e : Scene.v().getCallGraph()) {
      SootMethod src = e.src();
      SootMethod tgt = e.tgt();
      if (src == null || tgt == null || !src.getDeclaringClass().isApplicationClass()
          || !tgt.getDeclaringClass().isApplicationClass() || !tgt.isConcrete()) {
        continue;
      }
      // Soot desugars lambdas into classes of its own ($lambda_..., bootstrap$): not in the bytecode.
      if (program.classInfo(src.getDeclaringClass().getName().replace('.', '/')) == null
          || program.classInfo(tgt.getDeclaringClass().getName().replace('.', '/')) == null) {
        continue;
      }
      String edge = sig(src) + " -> " + sig(tgt);
      if (ourEdges.contains(edge)) {
        continue;
      }
      String tcls = tgt.getDeclaringClass().getName().replace('.', '/');
      if (e.kind().isThread() || e.kind().isExecutor() || e.kind().isAsyncTask() || e.kind().isPrivileged()
          || e.kind().isFake()) {
        approximations.add("task handed to a thread or executor (a pseudo-lock, not a call): " + edge);
      } else if (tgt.getName().equals("<clinit>") || e.kind() == soot.Kind.CLINIT) {
        approximations.add("clinit: " + edge);
      } else if (!tgt.isStatic() && !tgt.isConstructor() && !instantiatedSubtype(program, tcls)) {
        approximations.add("not instantiated (RTA): " + edge);
      } else if (e.kind() == soot.Kind.VIRTUAL || e.kind() == soot.Kind.INTERFACE) {
        approximations.add("virtual, narrowed or cut: " + edge);
      } else {
        missing.add(edge + " [" + e.kind() + "]");
      }
    }
    assertEquals(Set.of(), missing, "call edges Soot's CHA finds that we lack, beyond the documented approximations");

    // Lock sites: monitorenter per method must match exactly (those reached: SootMonitors).
    Map<String, Integer> sootMonitors = new TreeMap<>();
    for (SootClass c : new ArrayList<>(Scene.v().getApplicationClasses())) {
      for (SootMethod m : new ArrayList<>(c.getMethods())) {
        if (!m.isConcrete()) {
          continue;
        }
        int n = SootMonitors.reachable(m.retrieveActiveBody());
        if (n > 0) {
          sootMonitors.put(sig(m), n);
        }
      }
    }
    Map<String, Integer> ourMonitors = new TreeMap<>();
    for (MethodFacts mf : program.methods()) {
      long n = mf.nodes().stream().filter(x -> x.op() instanceof Op.MonitorEnter).count();
      if (n > 0) {
        ourMonitors.put(mf.ref().toString(), (int) n);
      }
    }
    assertEquals(sootMonitors, ourMonitors, "monitorenter sites per method");
    assertTrue(!sootMonitors.isEmpty() || module.equals("none"), "the oracle saw monitors at all");
  }

  private static boolean instantiatedSubtype(Program p, String cls) {
    for (MethodFacts mf : p.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv && inv.method().name().equals("<init>")
            && p.isSubtype(inv.method().owner(), cls) && !inv.args().isEmpty()
            && inv.args().get(0) instanceof dev.lockorder.ir.Val.New) {
          return true;
        }
      }
    }
    return false;
  }
}
