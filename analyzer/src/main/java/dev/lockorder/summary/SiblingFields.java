package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import dev.lockorder.summary.BackPointers.Sibling;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One lock under two names: a helper's field that always holds the same object as a field of the
 * holder that keeps the helper ({@code x.cond.lock} is {@code x.lock}), asked by {@link
 * BackPointers#sibling} for a back field some constructor fills from a parameter.
 */
final class SiblingFields {
  private static final int MAX_CTOR_CHAIN = 4;

  private final Program program;
  private final CtorFields ctorFields;

  SiblingFields(Program program, CtorFields ctorFields) {
    this.program = program;
    this.ctorFields = ctorFields;
  }

  private final Map<List<String>, java.util.Optional<Sibling>> siblings = new HashMap<>();

  /**
   * The holder's own field that {@code holder.child.back} always is, when every store into {@code
   * child} is a helper made right there with the holder's {@code this.f} ({@code cond = new
   * CondVar(this.lock)}), the helper's constructor keeps that argument in {@code back}, only
   * constructors store into {@code back} (another constructor may make its own lock), and only the
   * holder's constructors store into {@code f}: one lock
   * under two names (jgroups' {@code Responses.cond.lock} is {@code Responses.lock}). Null otherwise.
   */
  Sibling sibling(String childOwner, String child, String backOwner, String back) {
    String childDecl = program.fieldDeclarer(childOwner, child);
    String backDecl = program.fieldDeclarer(backOwner, back);
    return siblings.computeIfAbsent(List.of(childDecl, child, backDecl, back),
        k -> java.util.Optional.ofNullable(program.constructorStores(backDecl, back) != null
            ? siblingOf(childDecl, child, backDecl, back) : null)).orElse(null);
  }

  private Sibling siblingOf(String childDecl, String child, String backDecl, String back) {
    Sibling same = null;
    for (FieldStore st : program.storesOf(childDecl, child)) {
      if (!(st.base() instanceof Val.Param b && b.index() == 0)) {
        return null;
      }
      if (!(st.value() instanceof Val.New n)) {
        Sibling s = setFromChild(st, childDecl, child, backDecl, back);
        if (s == null || same != null && !same.equals(s)) {
          return null;
        }
        same = s;
        continue;
      }
      List<Op.Invoke> ctors = program.sites().ctorCalls(n.site());
      if (ctors.size() != 1) {
        return null;
      }
      Op.Invoke init = ctors.get(0);
      List<Integer> filling = ctorFields.paramsFilling(init.method(), backDecl, back, MAX_CTOR_CHAIN);
      if (filling.size() != 1 || filling.get(0) >= init.args().size()
          || !(init.args().get(filling.get(0)) instanceof Val.Field f && f.base() instanceof Val.Param h && h.index() == 0)) {
        return null;
      }
      Sibling s = new Sibling(program.fieldDeclarer(f.owner(), f.name()), f.name());
      if (same != null && !same.equals(s) || program.constructorStores(s.owner(), s.name()) == null) {
        return null;
      }
      same = s;
    }
    return same;
  }

  /**
   * The holder's field that a constructor, after storing any child, sets to that child's {@code
   * back} ({@code lock = introspector.getSharedLock()}, directly or through a getter that returns
   * the field), and no store into the child follows there: freemarker's read-only wrapper takes
   * its shared introspector's lock as its own. Null otherwise.
   */
  private Sibling setFromChild(FieldStore childStore, String childDecl, String child, String backDecl, String back) {
    MethodFacts mf = program.facts(childStore.method());
    if (mf == null || !childStore.method().name().equals("<init>")) {
      return null;
    }
    List<FieldStore> stores = mf.stores();
    int at = stores.indexOf(childStore);
    Sibling found = null;
    for (int i = at + 1; at >= 0 && i < stores.size(); i++) {
      FieldStore st = stores.get(i);
      if (!(st.base() instanceof Val.Param b && b.index() == 0)) {
        continue;
      }
      String decl = program.fieldDeclarer(st.owner(), st.name());
      if (decl != null && decl.equals(childDecl) && st.name().equals(child)) {
        return null; // the child changes again after
      }
      if (found == null && backOfChild(st.value(), childDecl, child, backDecl, back)) {
        found = new Sibling(decl, st.name());
      }
    }
    return found;
  }

  /** Whether {@code v} is {@code this.child.back}, read directly or through a getter that only returns it. */
  private boolean backOfChild(Val v, String childDecl, String child, String backDecl, String back) {
    Val base = v instanceof Val.Field f && f.name().equals(back) && backDecl.equals(program.fieldDeclarer(f.owner(), f.name()))
        ? f.base() : v instanceof Val.Call c && c.args().size() == 1 && returnsOnly(c, backDecl, back) ? c.args().get(0) : null;
    return base instanceof Val.Field g && g.base() instanceof Val.Param p && p.index() == 0 && g.name().equals(child)
        && childDecl.equals(program.fieldDeclarer(g.owner(), g.name()));
  }

  /** Whether every method the call may run returns {@code this.back} and nothing else. */
  private boolean returnsOnly(Val.Call c, String backDecl, String back) {
    List<dev.lockorder.ir.MethodRef> targets = program.targets(new Op.Invoke(c.method(), "virtual", c.args()));
    for (dev.lockorder.ir.MethodRef t : targets.isEmpty() ? List.of(c.method()) : targets) {
      MethodFacts mf = program.facts(t);
      if (mf == null || mf.isStatic()) {
        return false;
      }
      for (dev.lockorder.ir.Node n : mf.nodes()) {
        if (n.op() instanceof Op.Return r && !(r.value() instanceof Val.Field f && f.base() instanceof Val.Param p
            && p.index() == 0 && f.name().equals(back) && backDecl.equals(program.fieldDeclarer(f.owner(), f.name())))) {
          return false;
        }
      }
    }
    return true;
  }
}
