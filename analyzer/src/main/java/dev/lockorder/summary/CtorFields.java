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
import java.util.TreeSet;

/**
 * Fields that only constructors set, from their parameters, followed per class of the object: h2's
 * {@code MVTempResult.parent} is set by the base constructor from what each subclass's copy
 * constructor passes through {@code super(parent)}, so a plain result's parent is a plain result
 * and a sorted result's a sorted one. For a field read on a value of a known type, the type flow
 * then takes what reaches those constructor parameters of that type's classes, not every value
 * the field holds in any object.
 */
final class CtorFields {
  /** Parameter {@code index} of constructor {@code ctor} fills the field. */
  record Source(MethodRef ctor, int index) {}

  private static final int MAX_CHAIN = 8;
  private static final int MAX_CLASSES = 32;

  private final Program program;
  private final Map<Key, java.util.Optional<List<Source>>> memo = new HashMap<>();

  CtorFields(Program program) {
    this.program = program;
  }

  /**
   * The constructor parameters that fill field {@code decl.name} of objects of class {@code cls} or
   * its subclasses; null when that is not known (the field is set elsewhere, or from something
   * other than a parameter), or when it would say nothing narrower than the field itself.
   */
  List<Source> sources(String cls, String decl, String name) {
    return memo.computeIfAbsent(new Key(cls, decl, name), k -> java.util.Optional.ofNullable(compute(cls, decl, name)))
        .orElse(null);
  }

  /**
   * Whether the constructors that fill field {@code decl.name} of objects of class {@code cls} (or
   * its subclasses) may be handed an object of one of {@code classes}; true when that is not known
   * (not only constructors fill it, or a parameter's objects are not seen). mysql's replication
   * connection gets its proxy from {@code new ReplicationMySQLConnection(this)} in the replication
   * proxy alone: its {@code thisAsProxy} is never the failover proxy.
   */
  boolean mayFill(String cls, String decl, String name, java.util.Set<String> classes) {
    return mayFill.computeIfAbsent(List.of(cls, decl, name, String.join("|", new TreeSet<>(classes))),
        k -> mayFillUncached(cls, decl, name, classes));
  }

  private final Map<List<String>, Boolean> mayFill = new HashMap<>();

  private boolean mayFillUncached(String cls, String decl, String name, java.util.Set<String> classes) {
    List<Source> sources = sources(cls, decl, name);
    if (sources == null) {
      return true;
    }
    TypeFlow flow = program.typeFlow();
    for (Source src : sources) {
      TypeSet got = flow.typesOf(new Val.Param(src.index(), "java/lang/Object"), src.ctor());
      java.util.Set<String> objects = got.isEmpty() ? null : flow.classes(got);
      if (objects == null) {
        return true;
      }
      for (String o : objects) {
        if (classes.stream().anyMatch(c -> flow.isSubtype(o, c))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether only constructors set the field, each from one of its parameters or to null. */
  boolean fromParams(String decl, String name) {
    return fromParams.computeIfAbsent(new Key(null, decl, name), k -> {
      List<FieldStore> stores = program.constructorStores(decl, name);
      return stores != null
          && stores.stream().allMatch(st -> st.value() instanceof Val.Param || Val.isNull(st.value()));
    });
  }

  /**
   * Field {@code decl.name} of the objects of a class or made at a site ({@code at}; null for any),
   * as the memos key it. The rules share one instance ({@link Program#ctorFields}) and ask the same
   * fields again per call and per pass; the answers read only the program's stores and
   * constructors, fixed once it is built.
   */
  private record Key(String at, String decl, String name) {}

  private final Map<Key, Boolean> fromParams = new HashMap<>();
  private final Map<Key, java.util.Optional<Val>> filledAt = new HashMap<>();

  /**
   * What the one constructor called at allocation site {@code site} puts into field {@code
   * decl.name}, in the allocating method's terms; null when that is not one known argument.
   */
  Val filledAt(String site, String decl, String name) {
    return filledAt.computeIfAbsent(new Key(site, decl, name),
        k -> java.util.Optional.ofNullable(filledAtUncached(site, decl, name))).orElse(null);
  }

  private Val filledAtUncached(String site, String decl, String name) {
    List<Op.Invoke> ctors = program.sites().ctorCalls(site);
    if (ctors.size() != 1) {
      return null;
    }
    Op.Invoke init = ctors.get(0);
    List<Integer> filling = paramsFilling(init.method(), decl, name, MAX_CHAIN);
    return filling.size() == 1 && filling.get(0) < init.args().size() ? init.args().get(filling.get(0)) : null;
  }

  /**
   * The argument of the one constructor call at allocation site {@code site} that its chain stores
   * into boolean field {@code decl.name} (in the allocating method's terms), when exactly one
   * constructor of the chain stores it, from its parameter, on every path, each chained constructor
   * passing a parameter up; null otherwise.
   */
  Val flagFilledAt(String site, String decl, String name) {
    return flagFilledAt.computeIfAbsent(new Key(site, decl, name),
        k -> java.util.Optional.ofNullable(flagFilledAtUncached(site, decl, name))).orElse(null);
  }

  private final Map<Key, java.util.Optional<Val>> flagFilledAt = new HashMap<>();

  private Val flagFilledAtUncached(String site, String decl, String name) {
    List<Op.Invoke> ctors = program.sites().ctorCalls(site);
    if (ctors.size() != 1) {
      return null;
    }
    Op.Invoke init = ctors.get(0);
    int k = onlyStore(init.method(), decl, name, MAX_CHAIN);
    return k >= 0 && k < init.args().size() ? init.args().get(k) : null;
  }

  private static final int NONE = -1;
  private static final int UNKNOWN = -2;

  /**
   * The parameter of {@code ctor} its chain stores into the field, {@link #NONE} when the chain
   * does not store it, {@link #UNKNOWN} when two stores, a conditional one, or a value other than a
   * parameter may.
   */
  private int onlyStore(MethodRef ctor, String decl, String name, int depth) {
    MethodFacts mf = program.facts(ctor);
    if (mf == null) {
      return NONE; // Object's or a library's constructor: it sets none of the program's fields
    }
    if (depth < 0) {
      return UNKNOWN;
    }
    int found = NONE;
    for (FieldStore st : mf.stores()) {
      if (st.name().equals(name) && decl.equals(program.fieldDeclarer(st.owner(), st.name()))) {
        if (found != NONE || !st.byOwnConstructor() || !st.always() || !(st.value() instanceof Val.Param p)) {
          return UNKNOWN;
        }
        found = p.index();
      }
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv && inv.kind().equals("special") && inv.method().name().equals("<init>")
          && !inv.args().isEmpty() && inv.args().get(0) instanceof Val.Param self && self.index() == 0) {
        int up = onlyStore(inv.method(), decl, name, depth - 1);
        if (up == UNKNOWN || up >= 0 && (found != NONE || !(up < inv.args().size()
            && inv.args().get(up) instanceof Val.Param))) {
          return UNKNOWN;
        }
        if (up >= 0) {
          found = ((Val.Param) inv.args().get(up)).index();
        }
      }
    }
    return found;
  }

  private List<Source> compute(String cls, String decl, String name) {
    if (!fromParams(decl, name)) {
      return null;
    }
    List<String> classes = program.concreteSubtypes(cls);
    // Both lists hold each class once: of different sizes, their sets differ (no copy of a long one).
    if (classes.isEmpty() || classes.size() > MAX_CLASSES || classes.size() == program.concreteSubtypes(decl).size()
        && new TreeSet<>(classes).equals(new TreeSet<>(program.concreteSubtypes(decl)))) {
      return null; // every class that has the field: the field's own node says as much
    }
    List<Source> out = new ArrayList<>();
    for (String c : classes) {
      for (MethodFacts mf : ctorsOf(c)) {
        {
          List<Integer> filled = filling(mf, decl, name, MAX_CHAIN, true);
          if (filled == null) {
            return null;
          }
          filled.forEach(i -> out.add(new Source(mf.ref(), i)));
        }
      }
    }
    return out;
  }

  private Map<String, List<MethodFacts>> ctors;

  private List<MethodFacts> ctorsOf(String cls) {
    if (ctors == null) {
      ctors = new HashMap<>();
      for (MethodFacts mf : program.methods()) {
        if (mf.ref().name().equals("<init>")) {
          ctors.computeIfAbsent(mf.ref().owner(), k -> new ArrayList<>()).add(mf);
        }
      }
      ctors.values().forEach(l -> l.sort(java.util.Comparator.comparing(m -> m.ref().toString())));
    }
    return ctors.getOrDefault(cls, List.of());
  }

  /**
   * The parameters of constructor {@code ctor} that may end up in field {@code decl.name} of the
   * object it builds, directly or through {@code this(...)} and {@code super(...)}; a chain that
   * fills the field with something else adds nothing here (unlike {@link #sources}, which then
   * knows nothing). Empty when none; constructors more than {@code maxChain} calls up are not read.
   */
  List<Integer> paramsFilling(MethodRef ctor, String decl, String name, int maxChain) {
    MethodFacts mf = program.facts(ctor);
    List<Integer> out = mf == null ? null : filling(mf, decl, name, maxChain, false);
    return out == null ? List.of() : out;
  }

  /**
   * As {@link #paramsFilling}, with {@code depth} calls up left to read; when {@code strict}, null
   * as soon as a chain passes up something unknown or goes deeper.
   */
  private List<Integer> filling(MethodFacts mf, String decl, String name, int depth, boolean strict) {
    if (depth < 0) {
      return strict ? null : List.of();
    }
    List<Integer> out = new ArrayList<>();
    for (FieldStore st : mf.stores()) {
      if (st.name().equals(name) && st.base() instanceof Val.Param b && b.index() == 0
          && program.fieldDeclarer(st.owner(), st.name()).equals(decl) && st.value() instanceof Val.Param p) {
        out.add(p.index());
      }
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv && inv.kind().equals("special") && inv.method().name().equals("<init>")
          && !inv.args().isEmpty() && inv.args().get(0) instanceof Val.Param self && self.index() == 0) {
        MethodFacts chained = program.facts(inv.method());
        if (chained == null) {
          continue; // Object's or a library's constructor: it sets none of the program's fields
        }
        List<Integer> up = filling(chained, decl, name, depth - 1, strict);
        if (up == null) {
          return null;
        }
        for (int m : up) {
          Val a = m < inv.args().size() ? inv.args().get(m) : null;
          if (a instanceof Val.Param p) {
            out.add(p.index());
          } else if (!Val.isNull(a) && strict) {
            return null; // something other than a parameter or null passed up
          }
        }
      }
    }
    return out;
  }
}
