package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields that point back at the object holding them: a statement keeps the result set it made in
 * {@code current}, and the result set keeps {@code statement}, the statement that made it. Then
 * {@code x.current.statement} is {@code x}, and locking it under {@code x}'s lock is re-entry, not
 * a second lock of the same class (hsqldb's JDBCStatementBase.currentResultSet and
 * JDBCResultSet.statement).
 *
 * <p>The pair {@code A.child}, {@code B.back} is a back-pointer when every store into {@code
 * A.child} stores either null or an object allocated right there with the storing method's {@code
 * this} as a constructor argument, the constructor (directly or through {@code this(...)} and
 * {@code super(...)}) stores that argument into {@code back}, and every store into {@code back}
 * anywhere is a constructor storing one of its parameters into its own object (so the field is
 * not changed afterwards), or stores null. The constructor chain is followed as {@link CtorFields}
 * follows it. A back-pointer a method sets once is {@link BoundBackPointers}'s.
 */
final class BackPointers {

  private final Program program;
  private final Map<List<String>, Target> memo = new HashMap<>();
  private Set<String> ctorParamFields;

  private static final int MAX_CTOR_CHAIN = 4;
  private final CtorFields ctorFields;
  /** The back-pointers a binding method sets ({@code engine.bind(this)} in the holder's constructor). */
  private final BoundBackPointers bound;

  BackPointers(Program program, CtorFields ctorFields) {
    this.program = program;
    this.ctorFields = ctorFields;
    this.bound = new BoundBackPointers(program);
    this.siblings = new SiblingFields(program, ctorFields);
  }

  /** What {@code childOwner.child.backOwner.back} always is. */
  enum Target { HOLDER, NULL, UNKNOWN }

  /**
   * {@link Target#HOLDER} when {@code holder.child.back} is always {@code holder} (or null: then
   * nothing is locked through it), {@link Target#NULL} when it is always null.
   */
  Target of(String childOwner, String child, String backOwner, String back) {
    String childDecl = program.fieldDeclarer(childOwner, child);
    String backDecl = program.fieldDeclarer(backOwner, back);
    Target t = !ctorParamFields().contains(back) ? Target.UNKNOWN : memo.computeIfAbsent(List.of(childDecl, child, backDecl, back),
        k -> onlySetByConstructors(backDecl, back) ? childPointsBack(childDecl, child, backDecl, back) : Target.UNKNOWN);
    return t != Target.UNKNOWN || !bound.pointsBack(childDecl, child, backDecl, back) ? t : Target.HOLDER;
  }

  /** Whether {@code x.child.back} is {@code x} by a binding method ({@link BoundBackPointers}). */
  boolean bound(String childOwner, String child, String backOwner, String back) {
    return bound.pointsBack(program.fieldDeclarer(childOwner, child), child, program.fieldDeclarer(backOwner, back), back);
  }

  /** The names of the fields some constructor stores one of its parameters into. */
  private Set<String> ctorParamFields() {
    if (ctorParamFields == null) {
      ctorParamFields = new HashSet<>();
      for (MethodFacts mf : program.methods()) {
        if (mf.ref().name().equals("<init>")) {
          for (FieldStore st : mf.stores()) {
            if (st.value() instanceof Val.Param p && p.index() > 0) {
              ctorParamFields.add(st.name());
            }
          }
        }
      }
    }
    return ctorParamFields;
  }

  private List<FieldStore> holderStores;
  private final Map<List<String>, Boolean> backFields = new HashMap<>();

  /**
   * Whether field {@code backOwner.back} always points at the object holding its own object in
   * some field (a control's {@code manager}, made by {@code new Control(this)} into the manager's
   * {@code control}).
   */
  boolean pointsToHolder(String backOwner, String back) {
    if (holderStores == null) {
      holderStores = new java.util.ArrayList<>();
      for (MethodFacts mf : program.methods()) {
        for (FieldStore st : mf.stores()) {
          if (st.value() instanceof Val.New n && st.base() instanceof Val.Param b && b.index() == 0
              && program.sites().ctorCalls(n.site()).stream().anyMatch(
                  c -> c.args().stream().skip(1).anyMatch(a -> a instanceof Val.Param p && p.index() == 0))) {
            holderStores.add(st);
          }
        }
      }
    }
    String backDecl = program.fieldDeclarer(backOwner, back);
    if (bound.pointsToHolder(backDecl, back)) {
      return true;
    }
    return backFields.computeIfAbsent(List.of(backDecl, back), k -> {
      for (FieldStore st : holderStores) {
        if (st.value() instanceof Val.New n && program.isSubtype(n.type(), backDecl)
            && of(st.owner(), st.name(), backOwner, back) == Target.HOLDER) {
          return true;
        }
      }
      return false;
    });
  }

  /**
   * What field {@code owner.name} of the object made at {@code site} holds, in the allocating
   * method's terms, when only constructors set the field, each from one of their parameters: the
   * argument the constructor got ({@code new Resume().this$0} is the outer {@code this} that made
   * it). Null when that is not known.
   */
  Val madeWith(String site, String owner, String name) {
    String decl = program.fieldDeclarer(owner, name);
    return ctorFields.fromParams(decl, name) ? ctorFields.filledAt(site, decl, name) : null;
  }

  /**
   * What {@code holder.child.back} always is, in the holder's terms, when only the holder's
   * constructors store into {@code child}, each an object made right there whose constructor kept in
   * {@code back} one argument, the same at every such site, made of the holder's own {@code this} and
   * of constructor parameters the same constructor keeps in fields of the holder that only
   * constructors set: vertx's request is made with a stream it keeps in {@code stream} and gives
   * its response {@code stream.conn}, so {@code request.response.conn} is {@code request.stream.conn},
   * one monitor. Null otherwise.
   */
  Val carried(Val.Field child, String backOwner, String back) {
    // Asked at every step of every path's normalization: the answer depends on the four names only.
    Val filled = carriedValues.computeIfAbsent(List.of(child.owner(), child.name(), backOwner, back),
        k -> java.util.Optional.ofNullable(carriedValue(child, backOwner, back))).orElse(null);
    return filled == null ? null : Subst.rewrite(filled, List.of(child.base()));
  }

  private final Map<List<String>, java.util.Optional<Val>> carriedValues = new HashMap<>();

  /** {@link #carried}'s argument in the terms of the holder's constructor, before it is placed. */
  private Val carriedValue(Val.Field child, String backOwner, String back) {
    String childDecl = program.fieldDeclarer(child.owner(), child.name());
    List<FieldStore> stores = childDecl == null ? null : program.constructorStores(childDecl, child.name());
    Val filled = null;
    for (FieldStore st : stores == null ? List.<FieldStore>of() : stores) {
      Val here = st.value() instanceof Val.New n && st.base() instanceof Val.Param p && p.index() == 0
          ? madeWith(n.site(), backOwner, back) : null;
      here = here == null || Val.isNull(here) ? null : keptParams(here, st.method());
      if (here == null || filled != null && !filled.equals(here)) {
        return null;
      }
      filled = here;
    }
    return filled;
  }

  /**
   * {@code v}, a value in constructor {@code ctor}'s terms, with each parameter but {@code this}
   * named by the holder's field the constructor keeps it in, one only constructors set; null when
   * a parameter is kept in none, or {@code v} names what was lost.
   */
  private Val keptParams(Val v, MethodRef ctor) {
    MethodFacts mf = program.facts(ctor);
    if (mf == null || !ctor.name().equals("<init>") || !plainPath(v)) {
      return null;
    }
    List<Val> names = new java.util.ArrayList<>();
    names.add(new Val.Param(0, ctor.owner()));
    for (int k = 1; k < mf.paramTypes().size(); k++) {
      Val kept = null;
      for (FieldStore st : mf.stores()) {
        if (st.base() instanceof Val.Param p && p.index() == 0 && st.value() instanceof Val.Param q && q.index() == k
            && ctorFields.fromParams(program.fieldDeclarer(st.owner(), st.name()), st.name())) {
          kept = new Val.Field(p, st.owner(), st.name(), q.type());
          break;
        }
      }
      names.add(kept == null ? new Val.Unknown(mf.paramTypes().get(k)) : kept);
    }
    Val out = Subst.rewrite(v, names);
    return MonitorsHeld.lost(out) ? null : out;
  }

  /**
   * A parameter or a chain of fields from one: no call (what a JDK collection hands back is the type
   * flow's to say, through what was put in it) and nothing the reader lost.
   */
  private static boolean plainPath(Val v) {
    while (v instanceof Val.Field f) {
      v = f.base();
    }
    return v instanceof Val.Param;
  }

  /** A field of the holder that {@code holder.child.back} always is ({@link SiblingFields}). */
  record Sibling(String owner, String name) {}

  private final SiblingFields siblings;

  /** The holder's own field that {@code holder.child.back} always is; null when none ({@link SiblingFields}). */
  Sibling sibling(String childOwner, String child, String backOwner, String back) {
    return ctorParamFields().contains(back) ? siblings.sibling(childOwner, child, backOwner, back) : null;
  }

  private boolean onlySetByConstructors(String decl, String name) {
    List<FieldStore> stores = program.storesOf(decl, name);
    if (stores.isEmpty()) {
      return false;
    }
    for (FieldStore st : stores) {
      // A constructor that stores null (a root's parent) leaves the field as the other
      // constructors set it for the objects made with them.
      if (!st.byOwnConstructor()
          || !(st.value() instanceof Val.Param || Val.isNull(st.value()))) {
        return false;
      }
    }
    return true;
  }

  private Target childPointsBack(String childDecl, String child, String backDecl, String back) {
    Target all = null;
    for (FieldStore st : program.storesOf(childDecl, child)) {
      MethodFacts sm = program.facts(st.method());
      if (sm == null || sm.isStatic() || !(st.base() instanceof Val.Param b && b.index() == 0)) {
        return Target.UNKNOWN;
      }
      if (Val.isNull(st.value())) {
        continue;
      }
      Target t = st.value() instanceof Val.New n ? madeWith(n, backDecl, back)
          : st.value() instanceof Val.Call c ? madeByOwnFactory(c, backDecl, back) : Target.UNKNOWN;
      if (t == Target.UNKNOWN) {
        return t;
      }
      all = all == null || all == t ? t : Target.HOLDER; // null or the holder: locking it is re-entry
    }
    return all == null ? Target.UNKNOWN : all;
  }

  /**
   * What {@code back} gets in what {@code this.make()} returns, a private method of the holder
   * whose every return is an object made right there ({@link #madeWith(Val.New, String, String)},
   * its {@code this} the caller's): commons-jcs's disk cache sets its key map from {@code
   * createInitialKeyMap()}, which makes one of two inner maps of the cache.
   */
  private Target madeByOwnFactory(Val.Call c, String backDecl, String back) {
    MethodFacts mf = program.facts(c.method());
    if (mf == null || mf.isStatic() || (mf.access() & dev.lockorder.ir.ClassInfo.ACC_PRIVATE) == 0
        || c.args().isEmpty() || !(c.args().get(0) instanceof Val.Param p && p.index() == 0)) {
      return Target.UNKNOWN;
    }
    List<Val> returned = new java.util.ArrayList<>();
    for (dev.lockorder.ir.Node n : mf.nodes()) {
      if (n.op() instanceof Op.Return r && !alternatives(r.value(), mf, returned)) {
        return Target.UNKNOWN;
      }
    }
    Target all = null;
    for (Val v : returned) {
      if (v instanceof Val.New made && !program.isSubtype(made.type(), backDecl)) {
        continue; // an object without the field: nothing is locked through it
      }
      Target t = Val.isNull(v) ? Target.NULL : v instanceof Val.New made ? madeWith(made, backDecl, back) : Target.UNKNOWN;
      if (t == Target.UNKNOWN) {
        return t;
      }
      all = all == null || all == t ? t : Target.HOLDER;
    }
    return all == null ? Target.UNKNOWN : all;
  }

  /** Adds what {@code v} may be, a local's joined values one by one (a join's list is flat); false when the join is not kept. */
  private static boolean alternatives(Val v, MethodFacts mf, List<Val> out) {
    List<Val> alts = v instanceof Val.Unknown u && u.join() >= 0 ? mf.mergedAt().get(u.join()) : List.of(v);
    if (alts == null) {
      return false;
    }
    out.addAll(alts);
    return true;
  }

  /** What the object allocated at {@code n} gets into {@code back}: the allocating method's {@code this}, or null. */
  private Target madeWith(Val.New n, String backDecl, String back) {
    List<Op.Invoke> ctors = program.sites().ctorCalls(n.site());
    if (ctors.size() != 1) {
      return Target.UNKNOWN;
    }
    Op.Invoke init = ctors.get(0);
    for (int i = 1; i < init.args().size(); i++) {
      Val a = init.args().get(i);
      boolean holder = a instanceof Val.Param p && p.index() == 0;
      if ((holder || Val.isNull(a)) && ctorFields.paramsFilling(init.method(), backDecl, back, MAX_CTOR_CHAIN).contains(i)) {
        return holder ? Target.HOLDER : Target.NULL;
      }
    }
    return Target.UNKNOWN;
  }
}
