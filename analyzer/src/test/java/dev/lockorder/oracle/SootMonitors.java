package dev.lockorder.oracle;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import soot.Body;
import soot.Trap;
import soot.Unit;
import soot.jimple.EnterMonitorStmt;
import soot.jimple.Stmt;
import soot.jimple.ThrowStmt;
import soot.toolkits.graph.BriefUnitGraph;

/**
 * Soot's count of a method's {@code monitorenter} sites that the analysis reaches: by normal flow,
 * and by exceptional flow only out of calls and {@code throw}s, as the analysis follows it (the
 * JVM's own exceptions, a null dereference or a monitor's state, are programming errors whose paths
 * it does not take: a {@code finally} copy entered only from a {@code monitorexit} is not reached).
 */
final class SootMonitors {
  private SootMonitors() {}

  static int reachable(Body body) {
    BriefUnitGraph graph = new BriefUnitGraph(body);
    Set<Unit> seen = new HashSet<>();
    ArrayDeque<Unit> work = new ArrayDeque<>();
    work.add(body.getUnits().getFirst()); // not graph.getHeads(): without exceptional edges every handler is a head
    int n = 0;
    while (!work.isEmpty()) {
      Unit u = work.poll();
      if (!seen.add(u)) {
        continue;
      }
      if (u instanceof EnterMonitorStmt) {
        n++;
      }
      work.addAll(graph.getSuccsOf(u));
      if (u instanceof ThrowStmt || u instanceof Stmt s && s.containsInvokeExpr()) {
        for (Trap t : body.getTraps()) {
          if (covers(body, t, u)) {
            work.add(t.getHandlerUnit());
          }
        }
      }
    }
    return n;
  }

  private static boolean covers(Body body, Trap t, Unit u) {
    for (Unit x = t.getBeginUnit(); x != null && x != t.getEndUnit(); x = body.getUnits().getSuccOf(x)) {
      if (x == u) {
        return true;
      }
    }
    return false;
  }
}
