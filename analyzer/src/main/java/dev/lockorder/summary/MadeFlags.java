package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.List;

/**
 * A boolean field of an object that only its constructor sets, from what its maker passed: tomcat's
 * {@code vectoredOperation(read, ..)} has {@code newOperationState(read, ..)} make an operation,
 * whose constructor keeps {@code read}, and calls its {@code start()}, which takes the read handler
 * only {@code if (this.read)}. The flag on the operation is then the flag on the caller's {@code
 * read}, which a write passing {@code false} decides.
 *
 * <p>The object is one the caller made on the spot, or one a factory it calls makes and returns
 * (every target of the call, each returning only objects it made): the field is the value the one
 * constructor chain at that allocation stores, once, on every path, from its parameter, read as
 * the factory's argument. The field must be <em>settled</em>: every store into it in the program a
 * constructor's into its own object, and no {@code VarHandle} made for its name.
 */
final class MadeFlags {
  private static final int MAX_TARGETS = 8;

  private final Program program;
  private final CtorFields ctorFields;

  MadeFlags(Program program, CtorFields ctorFields) {
    this.program = program;
    this.ctorFields = ctorFields;
  }

  /**
   * What was passed for boolean field {@code name} of an object, in {@code in}'s terms: a constant,
   * or one of {@code in}'s parameters; null when not known. {@code raw} is the value as the call
   * names it, {@code actual} as the summaries normalized it.
   */
  Val filledFrom(MethodRef in, Val raw, Val actual, String name) {
    if (actual instanceof Val.New n && n.site() != null && (n.madeIn(in) || !(raw instanceof Val.Call))) {
      Val v = atSite(n, name);
      // Made elsewhere, not by the call at hand: only a constant says the same here.
      return n.madeIn(in) || isConst(v) ? known(v) : null;
    }
    if (!(raw instanceof Val.Call c)) {
      return null;
    }
    List<MethodRef> targets = targets(c.method());
    if (targets == null) {
      return null;
    }
    Val out = null;
    for (MethodRef t : targets) {
      MethodFacts tf = program.facts(t);
      if (tf == null) {
        return null;
      }
      boolean any = false;
      for (Node node : tf.nodes()) {
        if (!(node.op() instanceof Op.Return r) || r.value() == null) {
          continue;
        }
        Val v = r.value() instanceof Val.New n && n.site() != null && n.madeIn(t) ? atSite(n, name) : null;
        // The factory's parameter is the call's argument.
        Val mine = v instanceof Val.Param p && p.index() < c.args().size() ? c.args().get(p.index()) : v;
        mine = known(mine);
        if (mine == null || out != null && !out.equals(mine)) {
          return null;
        }
        out = mine;
        any = true;
      }
      if (!any) {
        return null;
      }
    }
    return out;
  }

  /** What the constructor chain at {@code n}'s site stores into settled field {@code name}. */
  private Val atSite(Val.New n, String name) {
    String decl = program.fieldDeclarer(n.type(), name);
    return decl == null || !settled(decl, name) ? null : ctorFields.flagFilledAt(n.site(), decl, name);
  }

  private boolean settled(String decl, String name) {
    ClassInfo ci = program.classInfo(decl);
    ClassInfo.FieldInfo f = ci == null ? null : ci.fields().get(name);
    if (f == null || f.isStatic() || !f.desc().equals("Z")) {
      return false;
    }
    List<FieldStore> stores = program.storesOf(decl, name);
    java.util.Set<String> changed = program.fieldsChangedLater();
    return !stores.isEmpty() && stores.stream().allMatch(FieldStore::byOwnConstructor)
        && !changed.contains(decl + "." + name) && !changed.contains(Flags.HANDLED + name);
  }

  /**
   * Every method a call of {@code m} can run: each concrete class of its owner's resolves it to one
   * of the inputs' methods; null when one does not, or there are too many.
   */
  private List<MethodRef> targets(MethodRef m) {
    if (program.isStaticMethod(m)) {
      return List.of(m);
    }
    List<String> classes = program.concreteSubtypes(m.owner());
    if (classes.isEmpty()) {
      return null;
    }
    java.util.TreeSet<MethodRef> out = new java.util.TreeSet<>(java.util.Comparator.comparing(MethodRef::toString));
    for (String cls : classes) {
      MethodRef r = program.resolve(cls, m.name(), m.desc());
      if (r == null || program.facts(r) == null) {
        return null;
      }
      out.add(r);
      if (out.size() > MAX_TARGETS) {
        return null;
      }
    }
    return List.copyOf(out);
  }

  private static Val known(Val v) {
    return v instanceof Val.Param || isConst(v) ? v : null;
  }

  private static boolean isConst(Val v) {
    return v instanceof Val.Const c && c.value() instanceof Integer;
  }
}
