package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.List;
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
 * opaque elsewhere.
 */
final class Receivers {
  /** A bound that no receiver can meet: the entry cannot happen from this call. */
  static final String DROP = "\u0000drop";

  private final Program program;
  private final MadeFromParam made;

  Receivers(Program program) {
    this.program = program;
    this.made = new MadeFromParam(program);
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
      return m == null ? null : encode(m.param(), m.classes());
    }
    return null;
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
    if (bound != null) {
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
    } else if (param(fromCallee) == param(fromCall)) {
      Set<String> c = meet(classes(fromCallee), classes(fromCall));
      if (c.isEmpty()) {
        return DROP;
      }
      b = encode(param(fromCall), c);
    } else {
      b = fromCall; // one bound per entry: the other is left out, which only keeps more
    }
    return b == null ? null : settle(b, caller);
  }

  /** For a task body run with {@code args}: whether the entry's bound still holds. */
  boolean admits(String bound, List<Val> args) {
    if (bound == null) {
      return true;
    }
    int k = param(bound);
    return k >= args.size() || classes(bound).stream().anyMatch(c -> program.mayBeBoth(c, args.get(k).type()));
  }

  /** A bound on the caller's parameter: met by its declared type, impossible, or kept. */
  private String settle(String b, MethodFacts caller) {
    int j = param(b);
    String declared = declared(caller, j);
    Set<String> kept = new TreeSet<>();
    for (String c : classes(b)) {
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
    return bound == null || bound.equals(DROP) || param(bound) != k ? null : classes(bound);
  }

  /** Whether no object that can reach {@code v} is one of {@code classes}. */
  boolean excluded(Set<String> classes, Val v, MethodRef in) {
    if (Val.isNull(v)) {
      return true; // null: an object of no class
    }
    TypeFlow flow = program.typeFlow();
    if (classes.stream().noneMatch(c -> flow.mayBeBoth(c, v.type()))) {
      return true;
    }
    if (!(v instanceof Val.Field || v instanceof Val.Call || v instanceof Val.New || v instanceof Val.Static)) {
      return false;
    }
    TypeSet types = flow.typesOf(v, in);
    if (types.isAny() || types.isEmpty()) {
      return false;
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

  private static int param(String bound) {
    int c = bound.indexOf(':');
    return c < 0 ? 0 : Integer.parseInt(bound.substring(0, c));
  }

  private static Set<String> classes(String bound) {
    return new TreeSet<>(List.of(bound.substring(bound.indexOf(':') + 1).split("\\|")));
  }
}
