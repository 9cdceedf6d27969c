package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which methods a call reaches. Two tiers: the class hierarchy narrowed by the types the program
 * allocates (rapid type analysis), and below it the classes that actually flow to the receiver
 * ({@link TypeFlow}). Only methods with facts (application code) are returned.
 */
final class Dispatch {
  private final Program program;
  /** Per method, by kind of call (virtual or interface, static, special): no key object per lookup. */
  private final Map<MethodRef, List<MethodRef>> rtaVirtual = new HashMap<>();
  private final Map<MethodRef, List<MethodRef>> rtaStatic = new HashMap<>();
  private final Map<MethodRef, List<MethodRef>> rtaSpecial = new HashMap<>();
  private final Map<Op.Invoke, List<MethodRef>> narrowed = new IdentityHashMap<>();
  private final Set<MethodRef> cut = new TreeSet<>();
  /**
   * Calls sent to several methods with nothing seen tying them to one: by the hierarchy alone (no
   * object was seen reaching them), or on an element of a container.
   */
  private final Set<Op.Invoke> guessed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Op.Invoke> elementGuessed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private Map<String, List<String>> subtypes;
  private Map<String, List<Val.Lambda>> lambdasBySuper;
  private TypeFlow flow;
  private OutsideWrappers wrappers;

  Dispatch(Program program) {
    this.program = program;
  }

  private OutsideWrappers wrappers() {
    if (wrappers == null) {
      wrappers = new OutsideWrappers(program, flow().outside());
    }
    return wrappers;
  }

  TypeFlow flow() {
    if (flow == null) {
      flow = new TypeFlow(program, this);
    }
    return flow;
  }

  Set<MethodRef> cutCalls() {
    return cut;
  }

  /** Whether the call's several targets come from the class hierarchy, not from objects seen reaching it. */
  boolean guessed(Op.Invoke inv) {
    return guessed.contains(inv);
  }

  /**
   * Whether the call's several targets come from objects seen in a container's contents, which are
   * one set for every container its field holds: which one this element is, nothing tells.
   */
  boolean elementGuessed(Op.Invoke inv) {
    return elementGuessed.contains(inv);
  }

  /** Rapid-type targets, cut to none past {@link Program#MAX_TARGETS} (and counted). */
  List<MethodRef> targets(Op.Invoke inv) {
    return targets(inv.method(), inv.kind());
  }

  private List<MethodRef> targets(MethodRef m, String kind) {
    List<MethodRef> all = all(m, kind);
    if (all.size() > Program.MAX_TARGETS) {
      cut.add(m);
      return List.of();
    }
    return all;
  }

  /**
   * The targets of a call in method {@code in}: when the classes flowing to the receiver are
   * known, every method they resolve to, however many; otherwise the rapid-type targets.
   */
  List<MethodRef> targets(Op.Invoke inv, MethodRef in) {
    boolean direct = inv.kind().equals("static") || inv.kind().equals("special");
    if (direct || inv.args().isEmpty()) {
      return targets(inv);
    }
    List<MethodRef> cached = narrowed.get(inv);
    if (cached != null) {
      return cached;
    }
    Val recv = inv.args().get(0);
    MethodRef m = receiverMethod(recv, inv.method());
    TypeSet types = flow().typesOf(recv, in);
    // No object seen reaching the receiver means one came from where the flow cannot see
    // (reflection, deserialization) more often than that the call never runs: the hierarchy decides.
    // Objects seen, but none of a class the call's receiver type admits: the ones that really get
    // here come from where the flow cannot see (a registry fed by `this` of classes the users
    // instantiate, say), as when none is seen at all. On a JDK type a JDK object may stand for
    // what the JDK hands back (a list for its iterator), so there it counts as fitting; no JDK
    // class implements an application type.
    boolean unknown = types.isAny() || types.isEmpty() || !anyFits(types, m);
    List<MethodRef> out = unknown ? targets(m, inv.kind()) : resolve(types, m);
    // One program method is no better known than several when the call names an outside type and
    // the receiver came from outside code (a driver, a user's class), which may implement it too. A
    // parameter of a method outside code may call is left to its callers: theirs may be known.
    boolean foreign = unknown && !out.isEmpty() && !program.isApplication(m.owner())
        && !(recv instanceof Val.Param && flow().isOpen(in));
    if (foreign) {
      out = wrappers().drop(out, m);
    }
    if (unknown && (out.size() > 1 || foreign && !out.isEmpty())) {
      guessed.add(inv);
    } else if (out.size() > 1 && fromContainer(recv)) {
      elementGuessed.add(inv);
    }
    if (out.size() > Program.MAX_FLOW_TARGETS) {
      cut.add(m); // counted in the run's limits, never silent
      out = List.of();
    }
    narrowed.put(inv, out);
    return out;
  }

  /**
   * The call as the receiver's own type names it, when that type is an application class below the
   * one the instruction names: a value cast after an instanceof test and kept in a wider local
   * ({@code Base b = (A) c; b.next();}) runs {@code A}'s methods only.
   */
  private MethodRef receiverMethod(Val recv, MethodRef m) {
    String t = recv.type();
    if (t == null || t.equals(m.owner()) || t.startsWith("[") || !program.isApplication(t)
        || !program.isSubtype(t, m.owner())) {
      return m;
    }
    return MethodRef.of(t, m.name(), m.desc());
  }

  /**
   * Whether a receiver is an element taken out of a JDK or library container ({@code
   * listeners.poll()}, {@code it.next()}): what the type flow knows of it is what was put in every
   * container held in that field, by any holder, so which of several methods runs is no better
   * known than a guess.
   */
  private boolean fromContainer(Val recv) {
    return recv instanceof Val.Call c && !c.args().isEmpty() && !FlowValues.isStatic(c)
        && flow().outside().code(c.method());
  }

  private boolean anyFits(TypeSet s, MethodRef m) {
    for (int id : s.ids()) {
      String c = flow().classOf(id);
      if (c != null && (flow().isSubtype(c, m.owner())
          || !program.isApplication(c) && !program.isApplication(m.owner()))
          || flow().lambdaFor(id, m) != null) {
        return true;
      }
    }
    return false;
  }


  /** Every application method that the classes in {@code s} run for a call to {@code m}. */
  List<MethodRef> resolve(TypeSet s, MethodRef m) {
    Set<MethodRef> out = new TreeSet<>();
    for (int id : s.ids()) {
      String c = flow().classOf(id);
      if (c != null && flow().isSubtype(c, m.owner())) { // through the JDK's hierarchy too
        add(out, c, m);
      }
      MethodRef impl = flow().lambdaFor(id, m);
      if (impl != null && program.facts(impl) != null) {
        out.add(impl);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Every rapid-type target, uncut. Virtual and interface calls go to every instantiated subtype
   * (plain CHA when the program allocates none, since the objects then come from outside) and to
   * every lambda of a subtype whose functional method this is. Memoized per call signature.
   */
  List<MethodRef> all(MethodRef m, String kind) {
    boolean special = kind.equals("special");
    boolean direct = special || kind.equals("static");
    Map<MethodRef, List<MethodRef>> rta = special ? rtaSpecial : direct ? rtaStatic : rtaVirtual;
    List<MethodRef> cached = rta.get(m);
    if (cached != null) {
      return cached;
    }
    List<MethodRef> result;
    if (direct) {
      MethodRef r = program.resolve(m.owner(), m.name(), m.desc());
      if (r == null && kind.equals("special")) {
        r = m;
      }
      result = r != null && program.facts(r) != null ? List.of(r) : List.of();
    } else {
      Set<MethodRef> out = new TreeSet<>();
      List<String> subs = subtypes(m.owner());
      boolean anyInstantiated = false;
      for (String c : subs) {
        boolean made = program.isInstantiated(c);
        anyInstantiated |= made;
        if (made || extendedOutside(c)) {
          add(out, c, m);
        }
      }
      if (!anyInstantiated) {
        for (String c : subs) {
          ClassInfo ci = program.classInfo(c);
          if (ci != null && !ci.isInterface()) {
            add(out, c, m);
          }
        }
      }
      for (Val.Lambda l : lambdasOf(m.owner())) {
        if (l.sam().equals(m.name()) && program.facts(l.impl()) != null) {
          out.add(l.impl());
        }
      }
      result = List.copyOf(out);
    }
    rta.put(m, result);
    return result;
  }

  private void add(Set<MethodRef> out, String c, MethodRef m) {
    MethodRef r = program.resolve(c, m.name(), m.desc());
    if (r != null && program.facts(r) != null) {
      out.add(r);
    }
  }

  /**
   * An abstract class that the program never instantiates through any subclass: a library's
   * extension point (a server or listener base class). Its objects are made by the library's
   * users, as subclasses that inherit its methods, so those methods are reachable.
   */
  boolean extendedOutside(String c) {
    ClassInfo ci = program.classInfo(c);
    if (ci == null || ci.isInterface() || !ci.isAbstract() || ci.library()) {
      return false;
    }
    for (String sub : subtypes(c)) {
      if (program.isInstantiated(sub)) {
        return false;
      }
    }
    return true;
  }

  /** Every known class that is a subtype of {@code type} (itself included), in name order. */
  List<String> subtypes(String type) {
    if (subtypes == null) {
      Map<String, List<String>> m = new HashMap<>();
      for (String c : new TreeSet<>(program.classes().keySet())) {
        for (String s : program.supertypes(c)) {
          m.computeIfAbsent(s, k -> new ArrayList<>()).add(c);
        }
      }
      subtypes = m;
    }
    return subtypes.getOrDefault(type, List.of());
  }

  /** Every known concrete class that is {@code type} or one of its subtypes, in name order. */
  List<String> concreteSubtypes(String type) {
    List<String> cached = concreteSubtypes.get(type);
    if (cached != null) {
      return cached;
    }
    List<String> out = new ArrayList<>();
    for (String c : subtypes(type)) {
      ClassInfo ci = program.classInfo(c);
      if (ci != null && !ci.isInterface() && !ci.isAbstract()) {
        out.add(c);
      }
    }
    // Asked again for the same few types (Object, a field's base type) from many places.
    out = List.copyOf(out);
    concreteSubtypes.put(type, out);
    return out;
  }

  private final Map<String, List<String>> concreteSubtypes = new HashMap<>();

  private List<Val.Lambda> lambdasOf(String owner) {
    if (lambdasBySuper == null) {
      Map<String, List<Val.Lambda>> m = new HashMap<>();
      for (Map.Entry<String, List<Val.Lambda>> e : program.lambdasByType().entrySet()) {
        for (String s : program.supertypes(e.getKey())) {
          m.computeIfAbsent(s, k -> new ArrayList<>()).addAll(e.getValue());
        }
      }
      lambdasBySuper = m;
    }
    return lambdasBySuper.getOrDefault(owner, List.of());
  }
}
