package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Back-pointers set by a method rather than a constructor: a map's constructor keeps its storage
 * engine in {@code storageEngine} and calls {@code storageEngine.bind(this)}, and the engine keeps
 * its owner in {@code owner} (offheap-store's {@code OffHeapHashMap} and {@code
 * FileBackedStorageEngine}). Then {@code x.storageEngine.owner} is {@code x} when the pairing is
 * one-to-one, which is what the binding method itself enforces when it refuses a second owner
 * ({@code if (owner != null) throw ...}; {@link FieldStore#once}).
 *
 * <p>The pair {@code A.child}, {@code B.back} is such a back-pointer when
 * <ul>
 *   <li>every store into {@code back} is {@code this.back = p} in one instance method of {@code B}
 *       (the binding method), made only while {@code back} is null and failing otherwise, or a
 *       constructor of the engine storing null into its own object;
 *   <li>every call in the program that may run the binding method (same name and descriptor, on a
 *       class that may be a {@code B}) is made in a constructor, passes that constructor's {@code
 *       this} as {@code p}, on the constructor's own {@code this.child} of some holder field, or on
 *       the constructor parameter it stores there;
 *   <li>every non-null store into {@code A.child} is made by a constructor into its own object, and
 *       that constructor binds what it stores so.
 * </ul>
 * An object {@code x} with {@code x.child == e} then called {@code e.bind(x)}; had another object
 * been bound first, that call would have thrown and {@code x} would not have been built. So {@code
 * e.back} is {@code x}, or still null.
 */
final class BoundBackPointers {
  private final Program program;
  private final Map<List<String>, Optional<Set<String>>> holders = new HashMap<>();
  private Map<String, List<Site>> callsByName;

  /** One call, and the method making it. */
  private record Site(MethodFacts in, Op.Invoke call) {}

  BoundBackPointers(Program program) {
    this.program = program;
  }

  /** Whether {@code x.child.back} is always {@code x} or null (both fields by their declaring class). */
  boolean pointsBack(String childDecl, String child, String backDecl, String back) {
    return holderFields(backDecl, back).contains(childDecl + "." + child);
  }

  /** Whether {@code back} points at the object holding its own object in some field. */
  boolean pointsToHolder(String backDecl, String back) {
    return !holderFields(backDecl, back).isEmpty();
  }

  /** The holders' fields ({@code declarer.name}) whose objects' {@code back} is the holder; empty when none. */
  private Set<String> holderFields(String backDecl, String back) {
    return holders.computeIfAbsent(List.of(backDecl, back), k -> Optional.ofNullable(compute(backDecl, back)))
        .orElse(Set.of());
  }

  private Set<String> compute(String backDecl, String back) {
    MethodRef binder = null;
    int param = -1;
    for (FieldStore st : program.storesOf(backDecl, back)) {
      boolean own = st.base() instanceof Val.Param b && b.index() == 0;
      if (st.method().name().equals("<init>") && own && Val.isNull(st.value())) {
        continue; // the engine's own construction, before anyone can bind it
      }
      if (!own || !st.once() || !(st.value() instanceof Val.Param p) || binder != null
          && (!binder.equals(st.method()) || p.index() != param)) {
        return null;
      }
      binder = st.method();
      param = p.index();
    }
    if (binder == null) {
      return null;
    }
    Set<String> fields = new TreeSet<>();
    for (Site s : calls(binder)) {
      String f = boundField(s, param);
      if (f == null) {
        return null; // bound from elsewhere, or to something other than its holder
      }
      fields.add(f);
    }
    for (String f : fields) {
      int dot = f.lastIndexOf('.');
      if (!everyStoreBinds(f.substring(0, dot), f.substring(dot + 1), binder, param)) {
        return null;
      }
    }
    return fields.isEmpty() ? null : fields;
  }

  /** The calls that may run {@code binder}. */
  private List<Site> calls(MethodRef binder) {
    if (callsByName == null) {
      callsByName = new HashMap<>();
      for (MethodFacts mf : program.methods()) {
        for (Node n : mf.nodes()) {
          if (n.op() instanceof Op.Invoke inv && !inv.kind().equals("static") && !inv.method().name().equals("<init>")) {
            callsByName.computeIfAbsent(inv.method().name() + inv.method().desc(), x -> new ArrayList<>())
                .add(new Site(mf, inv));
          }
        }
      }
    }
    List<Site> out = new ArrayList<>();
    for (Site s : callsByName.getOrDefault(binder.name() + binder.desc(), List.of())) {
      if (program.mayBeBoth(s.call().method().owner(), binder.owner())) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The holder's field ({@code declarer.name}) a binding call is made on, when it is a
   * constructor's call on its own field, or on the parameter it stores there, with its {@code this}
   * as the owner; null otherwise.
   */
  private String boundField(Site s, int param) {
    List<Val> args = s.call().args();
    if (!s.in().ref().name().equals("<init>") || s.in().isStatic() || param >= args.size()
        || !(args.get(param) instanceof Val.Param self && self.index() == 0)) {
      return null;
    }
    Val recv = args.get(0);
    if (recv instanceof Val.Field f && f.base() instanceof Val.Param b && b.index() == 0) {
      return program.fieldDeclarer(f.owner(), f.name()) + "." + f.name();
    }
    if (recv instanceof Val.Param p && p.index() > 0) {
      String found = null;
      for (FieldStore st : s.in().stores()) {
        if (Val.samePath(st.value(), recv) && st.base() instanceof Val.Param b && b.index() == 0) {
          String f = program.fieldDeclarer(st.owner(), st.name()) + "." + st.name();
          if (found != null && !found.equals(f)) {
            return null;
          }
          found = f;
        }
      }
      return found;
    }
    return null;
  }

  /** Whether every object stored into {@code decl.name} is bound, by the constructor storing it, to that constructor's object. */
  private boolean everyStoreBinds(String decl, String name, MethodRef binder, int param) {
    List<FieldStore> stores = program.storesOf(decl, name);
    for (FieldStore st : stores) {
      if (Val.isNull(st.value())) {
        continue;
      }
      MethodFacts in = program.facts(st.method());
      if (in == null || !st.byOwnConstructor()
          || !binds(in, st.value(), decl, name, binder, param)) {
        return false;
      }
    }
    return !stores.isEmpty();
  }

  private boolean binds(MethodFacts in, Val stored, String decl, String name, MethodRef binder, int param) {
    for (Node n : in.nodes()) {
      if (n.op() instanceof Op.Invoke inv && inv.method().name().equals(binder.name())
          && inv.method().desc().equals(binder.desc()) && param < inv.args().size()
          && inv.args().get(param) instanceof Val.Param self && self.index() == 0) {
        Val recv = inv.args().get(0);
        if (Val.samePath(recv, stored) || recv instanceof Val.Field f && f.base() instanceof Val.Param b && b.index() == 0
            && f.name().equals(name) && program.fieldDeclarer(f.owner(), f.name()).equals(decl)) {
          return true;
        }
      }
    }
    return false;
  }
}
