package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Receiver bounds of summary entries: an acquisition reached only through a call that dispatched
 * to a subclass's override holds only when the object the call was made on is of that subclass.
 * The object is a parameter of the method whose summary holds the entry ({@code this} or another),
 * and each caller puts what it passes there: a parameter of its own carries the bound up, and
 * anything else is checked against the classes that can reach it.
 *
 * <p>A bound is written {@code A|B} (some of these classes or their subclasses) for the method's
 * {@code this} and {@code k:A|B} for its parameter {@code k}: it is part of the entry's key, and
 * opaque elsewhere. A bound on what a field of a parameter holds, for a field only constructors
 * fill from their parameters (a task wrapper's {@code workRequest}), is {@code k.D.f:A|B}
 * ({@code D} the field's class): a caller that made that object on the spot knows what its
 * constructor got. A bound on what a call on a parameter reaches in one lambda's code names that
 * code as its class ({@link Captures#boundClass}): only a caller passing that lambda meets it. A
 * bound on what a JDK container in a field of a parameter holds is {@code k.D.f[]:A|B}
 * ({@link HolderElements}): one future's listeners are not every future's.
 */
final class Receivers {
  /** A bound that no receiver can meet: the entry cannot happen from this call. */
  static final String DROP = "\u0000drop";

  private final Program program;
  private final MadeFromParam made;
  final CtorFields ctorFields;
  private final OwnedElements owned;
  private final FactoryFilled filled;
  private final StoredClasses stored;

  Receivers(Program program, FieldMentions mentions) {
    this.program = program;
    this.mentions = mentions;
    this.made = new MadeFromParam(program);
    this.ctorFields = program.ctorFields();
    this.owned = new OwnedElements(program, ctorFields);
    this.filled = new FactoryFilled(program, ctorFields);
    this.stored = new StoredClasses(program);
  }

  /**
   * The bound the call itself puts on its receiver ({@link #rebound}'s {@code fromCall}), the same
   * for every entry of the callee's summary: computed once per call.
   */
  String callBound(MethodRef target, List<Val> actual, MethodFacts caller) {
    Val recv = actual.isEmpty() || program.isStaticMethod(target) ? null : actual.get(0);
    if (recv instanceof Val.Param p && p.index() < caller.paramTypes().size()) {
      String declared = declared(caller, p.index());
      if (!target.owner().equals(declared) && program.isSubtype(target.owner(), declared)) {
        return encode(p.index(), Set.of(target.owner()));
      }
    } else if (recv instanceof Val.Call) {
      MadeFromParam.Bound m = made.bound(recv, target, caller);
      return m == null ? elements().callBound(recv, target, caller) : encode(m.param(), m.classes());
    } else if (recv instanceof Val.Field f && f.base() instanceof Val.Param p
        && p.index() < caller.paramTypes().size()) {
      String decl = program.fieldDeclarer(f.owner(), f.name());
      String declared = FieldHomes.declaredType(program, decl, f.name());
      if (declared != null && !target.owner().equals(declared) && program.isSubtype(target.owner(), declared)
          && ctorFields.fromParams(decl, f.name())) {
        return p.index() + "." + decl + "." + f.name() + ":" + target.owner();
      }
    }
    return null;
  }

  private HolderElements elements;
  private final FieldMentions mentions;

  /** Built on first use: it asks the type flow, which is built after this. */
  private HolderElements elements() {
    return elements == null ? elements = new HolderElements(program, mentions) : elements;
  }

  /**
   * A bound on a field of the object passed at {@code k} ({@link #field}) in the caller's terms:
   * carried up on a parameter of the caller, turned into a bound on the caller's parameter its
   * constructor got, {@link #DROP} when what it got is of none of the classes, null when not known.
   */
  private String fieldBound(String bound, Val v, MethodFacts caller) {
    if (HolderElements.isElementBound(bound)) {
      return elements().rebound(bound, v, caller);
    }
    String f = field(bound);
    int dot = f.lastIndexOf('.');
    if (v instanceof Val.Param p && p.index() < caller.paramTypes().size()) {
      if (p.index() == 0 && !caller.isStatic()
          && !ctorFields.mayFill(caller.ref().owner(), f.substring(0, dot), f.substring(dot + 1), classes(bound))) {
        return DROP; // this caller's own class is never given such an object for that field
      }
      return p.index() + "." + f + ":" + String.join("|", classes(bound));
    }
    Val.Field coll = OwnedElements.collectionOf(v);
    if (coll != null && coll.base() instanceof Val.Param q && q.index() < caller.paramTypes().size()
        && owned.pointsBack(program.fieldDeclarer(coll.owner(), coll.name()), coll.name(), f.substring(0, dot),
            f.substring(dot + 1))) {
      // An element of a collection whose every element points back at its holder: the holder.
      return settle(encode(q.index(), classes(bound)), caller);
    }
    Val got = v instanceof Val.New n && n.madeIn(caller.ref())
        ? ctorFields.filledAt(n.site(), f.substring(0, dot), f.substring(dot + 1)) : null;
    if (got == null) {
      return filledWithNone(classes(bound), v, caller.ref(), f.substring(0, dot), f.substring(dot + 1)) ? DROP : null;
    }
    if (got instanceof Val.Param p && p.index() < caller.paramTypes().size()) {
      return settle(encode(p.index(), classes(bound)), caller);
    }
    return excluded(classes(bound), got, caller.ref()) ? DROP : null;
  }

  /** Whether every object {@code v} can be was made with none of {@code classes} in that field ({@link FactoryFilled}). */
  private boolean filledWithNone(Set<String> classes, Val v, MethodRef in, String decl, String name) {
    List<FactoryFilled.Filled> fills = filled.of(v, in, decl, name);
    return fills != null && !fills.isEmpty() && fills.stream().allMatch(f -> excluded(classes, f.value(), f.in()));
  }

  /**
   * The bound of a callee's summary entry in the caller's terms, or {@link #DROP} when no value the
   * caller passes can meet it. The call itself adds one when its receiver is a parameter of the
   * caller and it dispatched to an override in a subclass of that parameter's type: {@code
   * Sibling.write()} calling {@code this.send()} of the base class never runs {@code
   * Other.sendInternal()}, and a recovery policy's {@code sub.addRecoveredMessage(m)} runs a topic
   * subscription's {@code add} only for the topic subscriptions callers pass as {@code sub}; or
   * when the receiver is made from a parameter by calls ({@link MadeFromParam}): that is {@code
   * fromCall}, the same for every entry of one call ({@link #callBound}).
   */
  String rebound(String bound, String fromCall, List<Val> actual, MethodFacts caller) {
    String fromCallee = null;
    if (bound != null && field(bound) != null) {
      int k = param(bound);
      fromCallee = k >= actual.size() ? null : fieldBound(bound, actual.get(k), caller);
      if (DROP.equals(fromCallee)) {
        return DROP;
      }
    } else if (bound != null) {
      int k = param(bound);
      if (k >= actual.size()) {
        return null;
      }
      Val v = actual.get(k);
      if (v instanceof Val.Param p && p.index() < caller.paramTypes().size()) {
        fromCallee = encode(p.index(), classes(bound));
      } else if (excluded(classes(bound), v, caller.ref())) {
        return DROP;
      }
    }
    String b;
    if (fromCallee == null || fromCall == null) {
      b = fromCallee == null ? fromCall : fromCallee;
    } else if (field(fromCallee) != null || field(fromCall) != null) {
      // One bound per entry: a bound on the parameter itself is kept over one on its field.
      b = field(fromCallee) != null ? fromCall : fromCallee;
    } else if (param(fromCallee) == param(fromCall)) {
      Set<String> c = meet(classes(fromCallee), classes(fromCall));
      if (c.isEmpty()) {
        return DROP;
      }
      b = encode(param(fromCall), c);
    } else {
      b = fromCall; // one bound per entry: the other is left out, which only keeps more
    }
    return b == null ? null : field(b) != null ? b : settle(b, caller);
  }

  /**
   * Whether an entry bound to classes of the callee's receiver cannot happen on a receiver of
   * {@code type}, the type the call names (which the verifier holds it to): lucene's final {@code
   * SegmentReader} runs the inherited {@code decRef()}, whose {@code this.doClose()} never reaches
   * {@code MultiReader}'s, whatever the value's own type says (a cast from {@code Object}).
   */
  boolean ruledOutBy(String bound, String type) {
    Set<String> cs = classesOf(bound, 0);
    if (cs == null) {
      return false;
    }
    for (String c : cs) {
      if (Captures.isBoundClass(c) ? lambdaMayBeA(type) : program.typeFlow().mayBeBoth(c, type)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a lambda can be of {@code type}: an interface, {@code Object}, or a type not read. */
  private boolean lambdaMayBeA(String type) {
    dev.lockorder.ir.ClassInfo ci = program.classInfo(type);
    return type.equals("java/lang/Object") || ci == null || ci.isInterface();
  }

  /** For a task body run with {@code args}: whether the entry's bound still holds. */
  boolean admits(String bound, List<Val> args) {
    if (bound == null || field(bound) != null) {
      return true;
    }
    int k = param(bound);
    if (k < args.size() && args.get(k) instanceof Val.Lambda l) {
      return lambdaMayBe(classes(bound), l);
    }
    if (k < args.size() && args.get(k) instanceof Val.New && classes(bound).stream().allMatch(Captures::isBoundClass)) {
      return false;
    }
    return k >= args.size() || classes(bound).stream().anyMatch(c -> program.mayBeBoth(c, args.get(k).type()));
  }

  /** A bound on the caller's parameter: met by its declared type, impossible, or kept. */
  private String settle(String b, MethodFacts caller) {
    // The same bounds meet the same callers over and over (every stack through one call site).
    String known = settled.computeIfAbsent(caller.ref(), k -> new HashMap<>()).get(b);
    if (known == null) {
      known = settleUncached(b, caller);
      settled.get(caller.ref()).put(b, known == null ? NOTHING : known);
    }
    return known == NOTHING ? null : known;
  }

  private static final String NOTHING = new String("settled: no bound");
  private final Map<MethodRef, Map<String, String>> settled = new HashMap<>();

  private String settleUncached(String b, MethodFacts caller) {
    int j = param(b);
    String declared = declared(caller, j);
    Set<String> kept = new TreeSet<>();
    for (String c : classes(b)) {
      if (Captures.isBoundClass(c)) {
        if (lambdaMayBeA(declared)) {
          kept.add(c);
        }
        continue;
      }
      if (program.isSubtype(declared, c)) {
        return null; // every value there already is one
      }
      // The receiver of an instance method is of a subclass of its own class; anything else may
      // be of a class that implements both.
      if (j == 0 && !caller.isStatic() ? program.isSubtype(c, declared) : program.typeFlow().mayBeBoth(c, declared)) {
        kept.add(c);
      }
    }
    return kept.isEmpty() ? DROP : encode(j, kept);
  }

  /** The classes {@code bound} asks parameter {@code k} to be, or null when it asks nothing of it. */
  static Set<String> classesOf(String bound, int k) {
    return bound == null || bound.equals(DROP) || field(bound) != null || param(bound) != k ? null : classes(bound);
  }

  /** Whether no object that can reach {@code v} is one of {@code classes}. */
  boolean excluded(Set<String> classes, Val v, MethodRef in) {
    if (Val.isNull(v)) {
      return true; // null: an object of no class
    }
    if (v instanceof Val.Lambda l) {
      return !lambdaMayBe(classes, l);
    }
    if (v instanceof Val.New && classes.stream().allMatch(Captures::isBoundClass)) {
      return true; // an object of a named class runs no lambda's code
    }
    TypeFlow flow = program.typeFlow();
    if (classes.stream().noneMatch(c -> flow.mayBeBoth(c, v.type()) && someSubclassIs(c, v.type()))) {
      return true;
    }
    if (!(v instanceof Val.Field || v instanceof Val.Call || v instanceof Val.New || v instanceof Val.Static)) {
      return false;
    }
    TypeSet types = flow.typesOf(v, in);
    if (types.isAny() || types.isEmpty()) { // where the flow lost it, the code making it may tell
      return types.isAny() && stored.rulesOut(classes, v);
    }
    // Only classes of the value's own type count; when the flow brings none (a JDK factory's
    // result counted as made of its arguments), it has not seen the objects: nothing is excluded.
    boolean seen = false;
    for (int id : types.ids()) {
      String r = flow.classOf(id);
      if (r == null || classes.stream().anyMatch(c -> flow.isSubtype(r, c))) {
        return false;
      }
      seen |= flow.isSubtype(r, v.type());
    }
    return seen;
  }

  /**
   * A lambda is an object of a hidden class that extends {@code Object} and implements interfaces
   * only: it can be an object of an interface (its own, or a marker the compiler added), never of a
   * named class (undertow's {@code runNowOrInIoThread(this::flushSenders)} never runs the task class
   * another caller passes).
   */
  private boolean lambdaMayBe(Set<String> classes, Val.Lambda l) {
    for (String c : classes) {
      if (Captures.isBoundClass(c)) {
        if (Captures.runs(c, l)) {
          return true;
        }
        continue;
      }
      if (lambdaMayBeA(c)) {
        return true;
      }
    }
    return false;
  }

  /** The bound of what a call on parameter {@code k} reaches in the code of lambda {@code impl}. */
  String lambdaBound(int k, MethodRef impl) {
    return encode(k, Set.of(Captures.boundClass(impl)));
  }

  /**
   * Closed world: an object of application class {@code c} can also be an {@code itf} (an interface
   * it does not implement) only if one of {@code c}'s known subclasses implements it. A library's
   * user could write one, which is not modelled (a log4j manager that is also a JDBC statement).
   */
  private boolean someSubclassIs(String c, String itf) {
    dev.lockorder.ir.ClassInfo ci = program.classInfo(c);
    if (ci == null || ci.isInterface() || program.typeFlow().isSubtype(c, itf) || program.typeFlow().isSubtype(itf, c)) {
      return true;
    }
    for (String sub : program.concreteSubtypes(c)) {
      if (program.typeFlow().isSubtype(sub, itf)) {
        return true;
      }
    }
    return false;
  }

  private String declared(MethodFacts caller, int index) {
    return index == 0 && !caller.isStatic() ? caller.ref().owner() : caller.paramTypes().get(index);
  }

  /** The classes of both sets, each as narrow as the other allows. */
  private Set<String> meet(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>();
    for (String x : a) {
      for (String y : b) {
        if (program.isSubtype(x, y)) {
          out.add(x);
        } else if (program.isSubtype(y, x)) {
          out.add(y);
        }
      }
    }
    return out;
  }

  /** The bound a node's type tests put on what happens there (the first one: one bound per entry). */
  static String guard(List<dev.lockorder.ir.Guard> guards) {
    for (dev.lockorder.ir.Guard g : guards) {
      if (g instanceof dev.lockorder.ir.TypeGuard t) {
        return encode(t.param(), Set.of(t.type()));
      }
    }
    return null;
  }

  private static String encode(int param, Set<String> classes) {
    String cs = String.join("|", new TreeSet<>(classes));
    return param == 0 ? cs : param + ":" + cs;
  }

  static int param(String bound) {
    int c = bound.indexOf(':');
    String head = c < 0 ? "0" : bound.substring(0, c);
    int dot = head.indexOf('.');
    return Integer.parseInt(dot < 0 ? head : head.substring(0, dot));
  }

  /** Whether a bound asks about a field of a parameter: a bound on the parameter itself is kept over it. */
  static boolean onField(String bound) {
    return field(bound) != null;
  }

  /** The field ({@code D.f}) a bound asks about, or null when it asks about the parameter itself. */
  static String field(String bound) {
    int c = bound.indexOf(':');
    int dot = c < 0 ? -1 : bound.indexOf('.');
    return dot < 0 || dot > c ? null : bound.substring(dot + 1, c);
  }

  static Set<String> classes(String bound) {
    return new TreeSet<>(List.of(bound.substring(bound.indexOf(':') + 1).split("\\|")));
  }
}
