package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a constructor-filled field of an object holds, read back to the constructor calls that
 * filled it through the factories that made the object and the fields that keep it. pgjdbc's
 * {@code LazyCleaner.register(obj, action)} returns {@code add(new Node(obj, action))}: every node
 * is made at one site, so the type flow gives each node's {@code action} every action registered
 * anywhere; but {@code SharedTimer.timerCleanup} is only ever set to {@code register(ref, new
 * TimerCleanup(..))}, so cleaning that handle runs the timer's action, never a connection's.
 *
 * <p>Followed: an allocation in the method at hand (its constructor call, {@link CtorFields});
 * a call with one target method in the program, through what that method returns (a new object,
 * a parameter it hands back, another such call), its parameters mapped to the call's arguments;
 * a field or static field, through every value stored into it. Anything else (a parameter of the
 * method at hand, a library's method, a call with several targets) is not known, and then nothing
 * is.
 */
final class FactoryFilled {
  private static final int DEPTH = 4;
  private static final int MAX_VALUES = 16;
  private static final int MAX_SUBTYPES = 16;
  private static final int MAX_STEPS = 256;

  /** A value a constructor filled the field with, in the terms of method {@code in}. */
  record Filled(Val value, MethodRef in) {}

  private final Program program;
  private final CtorFields ctorFields;

  FactoryFilled(Program program, CtorFields ctorFields) {
    this.program = program;
    this.ctorFields = ctorFields;
  }

  /**
   * The values the constructors put into field {@code decl.name} of the objects {@code v} (in
   * {@code in}'s terms) can be, each in the terms of the method that passed it; null when that is
   * not known for every such object.
   */
  List<Filled> of(Val v, MethodRef in, String decl, String name) {
    // Asked again for every entry of a callee's summary that carries the bound.
    List<Filled> filled = memo.computeIfAbsent(List.of(v, in, decl, name), k -> {
      List<Filled> out = new ArrayList<>();
      return collect(v, in, decl, name, DEPTH, new Walk(), out) ? List.copyOf(out) : UNKNOWN;
    });
    return filled == UNKNOWN ? null : filled;
  }

  /** Not known: kept apart from every real list by identity. */
  private static final List<Filled> UNKNOWN = new ArrayList<>();
  private final Map<List<Object>, List<Filled>> memo = new HashMap<>();

  /** The values on the way down (a value met again below itself is a loop: nothing new) and the steps taken. */
  private static final class Walk {
    final Set<Filled> open = new HashSet<>();
    int steps;
  }

  private boolean collect(Val v, MethodRef in, String decl, String name, int depth, Walk walk, List<Filled> out) {
    Filled here = new Filled(v, in);
    if (Val.isNull(v) || walk.open.contains(here)) {
      return true; // no object, or a loop back to a value being followed
    }
    if (depth < 0 || out.size() > MAX_VALUES || ++walk.steps > MAX_STEPS) {
      return false;
    }
    walk.open.add(here);
    try {
      return collectOpen(v, in, decl, name, depth, walk, out);
    } finally {
      walk.open.remove(here);
    }
  }

  private boolean collectOpen(Val v, MethodRef in, String decl, String name, int depth, Walk walk, List<Filled> out) {
    if (v instanceof Val.New n) {
      Val got = n.madeIn(in) ? ctorFields.filledAt(n.site(), decl, name) : null;
      if (got == null) {
        return false;
      }
      out.add(new Filled(got, in));
      return true;
    }
    if (v instanceof Val.Call c) {
      return fromCall(c, in, decl, name, depth, walk, out);
    }
    String owner = v instanceof Val.Field f ? f.owner() : v instanceof Val.Static s ? s.owner() : null;
    if (owner == null) {
      return false;
    }
    String field = v instanceof Val.Field f ? f.name() : ((Val.Static) v).name();
    var stores = program.storesOf(program.fieldDeclarer(owner, field), field);
    if (stores.isEmpty()) {
      return false; // never stored in the program: set by code it does not have
    }
    for (var st : stores) {
      List<Filled> stored = new ArrayList<>();
      if (!collect(st.value(), st.method(), decl, name, depth - 1, walk, stored)) {
        return false;
      }
      for (Filled f : stored) {
        if (f.in().equals(st.method()) && f.value() instanceof Val.Param) {
          return false; // what some call of the storing method passed, not this one's argument
        }
      }
      out.addAll(stored);
    }
    return true;
  }

  /** What the call's one target returns, its parameters turned into the call's arguments. */
  private boolean fromCall(Val.Call c, MethodRef in, String decl, String name, int depth, Walk walk,
      List<Filled> out) {
    MethodRef target = oneTarget(program, c.method());
    MethodFacts tf = target == null ? null : program.facts(target);
    if (tf == null) {
      return false;
    }
    for (Node n : tf.nodes()) {
      if (!(n.op() instanceof Op.Return r) || r.value() == null) {
        continue;
      }
      if (r.value() instanceof Val.Param p) {
        // The call hands back one of its own arguments: that object, in the caller's terms.
        if (p.index() >= c.args().size() || !collect(c.args().get(p.index()), in, decl, name, depth - 1, walk, out)) {
          return false;
        }
        continue;
      }
      List<Filled> inner = new ArrayList<>();
      if (!collect(r.value(), target, decl, name, depth - 1, walk, inner)) {
        return false;
      }
      for (Filled f : inner) {
        if (f.in().equals(target) && f.value() instanceof Val.Param p) {
          if (p.index() >= c.args().size()) {
            return false;
          }
          out.add(new Filled(c.args().get(p.index()), in)); // what this call passed there
        } else {
          out.add(f);
        }
      }
    }
    return true;
  }

  /** The one method with code a call to {@code m} runs, whatever the receiver; null when several or none. */
  static MethodRef oneTarget(Program program, MethodRef m) {
    if (program.isStaticMethod(m)) {
      return m;
    }
    MethodRef declared = program.resolve(m.owner(), m.name(), m.desc());
    if (declared != null && program.isStaticMethod(declared)) {
      return declared;
    }
    List<String> classes = program.concreteSubtypes(m.owner());
    if (classes.isEmpty() || classes.size() > MAX_SUBTYPES) {
      return null;
    }
    MethodRef one = null;
    for (String cls : classes) {
      MethodRef r = program.resolve(cls, m.name(), m.desc());
      if (r == null || one != null && !one.equals(r)) {
        return null;
      }
      one = r;
    }
    return one;
  }
}
