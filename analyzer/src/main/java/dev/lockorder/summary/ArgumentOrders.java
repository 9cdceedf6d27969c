package dev.lockorder.summary;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Callers that always pass two of a method's arguments in one order: at every call site, two
 * different fields of one object, each a new object that the holder's constructor made for itself
 * (jgroups' {@code GMS.installView} calling {@code tmp_members.set(members)}). An object is then
 * only ever one holder's first field or its second, so no two threads can pass the same two the
 * other way round: the dynamic lock-order deadlock of a method locking both (Java Concurrency in
 * Practice) cannot happen through these callers. A method with no caller in the program is not
 * vouched for.
 */
final class ArgumentOrders {
  private final Program program;
  private final CallGraph cg;
  private final Map<String, Boolean> memo = new HashMap<>();

  ArgumentOrders(Program program, CallGraph cg) {
    this.program = program;
    this.cg = cg;
  }

  /** Whether every call of {@code m} passes parameters {@code "i>j"} as one holder's two own fields, always the same two. */
  boolean fixed(MethodRef m, String args) {
    return memo.computeIfAbsent(m + " " + args, k -> compute(m, args));
  }

  private boolean compute(MethodRef m, String args) {
    int gt = args.indexOf('>');
    int i = Integer.parseInt(args.substring(0, gt));
    int j = Integer.parseInt(args.substring(gt + 1));
    String pair = null;
    for (CallGraph.Site site : cg.sites(m)) {
      String p = ownFields(site.args(), i, j);
      if (p == null || pair != null && !pair.equals(p)) {
        return false;
      }
      pair = p;
    }
    return pair != null;
  }

  /** {@code "A.f B.g"} when the two arguments are two different own fields of one object; else null. */
  private String ownFields(List<Val> args, int i, int j) {
    if (i >= args.size() || j >= args.size() || !(args.get(i) instanceof Val.Field a)
        || !(args.get(j) instanceof Val.Field b) || !a.base().equals(b.base())) {
      return null;
    }
    String da = program.fieldDeclarer(a.owner(), a.name());
    String db = program.fieldDeclarer(b.owner(), b.name());
    if (da.equals(db) && a.name().equals(b.name()) || !Nesting.madeByItsOwner(da, a.name(), program)
        || !Nesting.madeByItsOwner(db, b.name(), program)) {
      return null;
    }
    return da + "." + a.name() + " " + db + "." + b.name();
  }
}
