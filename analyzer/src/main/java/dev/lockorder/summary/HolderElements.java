package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the JDK container kept in a field holds, per allocation site of the object holding the
 * field. The type flow keeps one set per field for every holder, so a call on an element taken out
 * of one holder's container ({@code this.listeners.poll().onFailure(e)}) reaches every class put
 * into any holder's. An entry reached through such a call carries the bound {@code k.D.f[]:C} (an
 * element of parameter {@code k}'s {@code D.f} is a {@code C}, see {@link Receivers}); a caller
 * passing an object of known allocation sites meets it only if some insertion into {@code D.f} of
 * an object made at one of those sites put a {@code C} there.
 *
 * <p>An insertion is a JDK inserting call rooted at a read of {@code D.f}; it fills the container
 * of that read's base. When the base is {@code this} and the element a parameter ({@code
 * addListener(l)}), each call site gives its own receiver's sites and its own argument's classes:
 * one level of context, the adder's. Nothing is known (every caller meets the bound) when {@code
 * D.f} is filled with anything but an empty JDK container made on the spot, when the container
 * leaves a read (passed, stored, returned, merged at a join, a view of it handed on), or when an
 * insertion's holder has no known sites (the outside's objects, {@code this} of a method the
 * outside may call). Not seen: a factory or caller that publishes the holder and code that reaches
 * it there by reflection or through arrays, as everywhere in the type flow.
 */
final class HolderElements {
  private static final String MARK = "[]";
  /** An element of a class the flow does not name (the outside's, a lambda): meets every bound. */
  private static final String UNKNOWN = "*";
  private static final int MAX_DEPTH = 6;
  /**
   * Joins a site to the call that made its object ({@link FreshReturns}): what is added through
   * that call's value is kept under {@code site + CONTEXT + call}, and under the site for every
   * other reader; what is added through any other value is also kept under {@code site + DIRECT},
   * which every call's object may have been given too.
   */
  private static final String CONTEXT = " <- ";
  private static final String DIRECT = " (any)";

  private final Program program;
  /** Keyed by name and descriptor as the method references hold them: no string built per call. */
  private Map<Sig, List<CallSite>> bySignature;
  private final Map<String, Optional<Map<String, Set<String>>>> byField = new HashMap<>();
  private final Map<MethodRef, Optional<Set<String>>> thisSites = new HashMap<>();
  private final Set<MethodRef> computing = new HashSet<>();

  record CallSite(MethodFacts caller, Op.Invoke inv) {}

  record Sig(String name, String desc) {}

  private final FieldMentions mentions;
  private final FreshReturns fresh;

  HolderElements(Program program, FieldMentions mentions) {
    this.program = program;
    this.mentions = mentions;
    this.fresh = new FreshReturns(program);
  }

  /** Whether a bound asks what a container field of a parameter holds. */
  static boolean isElementBound(String bound) {
    int c = bound.indexOf(':');
    return c > MARK.length() && bound.startsWith(MARK, c - MARK.length());
  }

  /**
   * The bound a call on an element of a container held in a field of the caller's parameter puts
   * on the target's entries; null for any other receiver. A lambda's code is not named by a class.
   */
  String callBound(Val recv, MethodRef target, MethodFacts caller) {
    if (!(recv instanceof Val.Call) || target.name().startsWith("lambda$")) {
      return null;
    }
    Val root = root(recv);
    if (root == recv || !(root instanceof Val.Field f) || !(f.base() instanceof Val.Param p)
        || p.index() >= caller.paramTypes().size()) {
      return null;
    }
    return p.index() + "." + program.fieldDeclarer(f.owner(), f.name()) + "." + f.name() + MARK + ":" + target.owner();
  }

  /**
   * An element bound in the caller's terms: {@link Receivers#DROP} when no object {@code v} can be
   * was given an element of the classes, else carried up when {@code v} is the caller's parameter,
   * null (met) otherwise.
   */
  String rebound(String bound, Val v, MethodFacts caller) {
    int colon = bound.indexOf(':');
    String head = bound.substring(0, colon);
    String field = head.substring(head.indexOf('.') + 1, head.length() - MARK.length());
    Map<String, Set<String>> held = elements(field);
    Set<String> holders = held == null || Val.isNull(v) ? null : sitesAt(v, caller.ref(), 0);
    if (holders != null && !holders.isEmpty() && !meets(held, holders, bound.substring(colon + 1).split("\\|"))) {
      return Receivers.DROP; // for a parameter: no caller passes such a holder
    }
    // A parameter some holder with such an element reaches: each caller tells which it passes
    // (one bound per entry: a bound the call itself puts on its receiver wins over this one).
    return v instanceof Val.Param p && p.index() < caller.paramTypes().size()
        ? p.index() + "." + field + MARK + bound.substring(colon) : null;
  }

  /** Whether an object made at one of {@code holders} was given an element of one of the classes. */
  private boolean meets(Map<String, Set<String>> held, Set<String> holders, String[] classes) {
    TypeFlow flow = program.typeFlow();
    for (String h : holders) {
      int k = h.indexOf(CONTEXT);
      for (String key : k < 0 ? List.of(h) : List.of(h, h.substring(0, k) + DIRECT)) {
        for (String e : held.getOrDefault(key, Set.of())) {
          for (String c : classes) {
            if (e.equals(UNKNOWN) || flow.isSubtype(e, c)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** The container chain's start: {@code this.listeners} for {@code this.listeners.iterator().next()}. */
  private Val root(Val v) {
    for (int i = 0; i < 8 && v instanceof Val.Call c && !c.args().isEmpty() && !FlowValues.isStatic(c)
        && program.typeFlow().outside().code(c.method()); i++) {
      v = c.args().get(0);
    }
    return v;
  }

  /** Per holder's allocation site, the classes put into its {@code D.f}; null when not known. */
  private Map<String, Set<String>> elements(String field) {
    return byField.computeIfAbsent(field, k -> Optional.ofNullable(compute(k))).orElse(null);
  }

  private Map<String, Set<String>> compute(String field) {
    int dot = field.lastIndexOf('.');
    String decl = field.substring(0, dot);
    String name = field.substring(dot + 1);
    TypeFlow flow = program.typeFlow();
    for (FieldStore st : program.storesOf(decl, name)) {
      if (!(st.value() instanceof Val.New n) || program.isApplication(n.type()) || !flow.outside().isContainer(n.type())
          || !madeEmpty(n)) {
        return null; // a container handed in, or one a JDK constructor was given objects for
      }
    }
    Map<String, Set<String>> out = new HashMap<>();
    for (MethodFacts mf : mentions.of(decl + "." + name)) {
      if (leaves(mf, decl, name)) {
        return null;
      }
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv && inv.args().size() > 1 && !inv.kind().equals("static")
            && flow.outside().code(inv.method()) && TypeFlow.inserts(inv.method())
            && root(inv.args().get(0)) instanceof Val.Field f && f.name().equals(name)
            && program.fieldDeclarer(f.owner(), f.name()).equals(decl) && !insert(mf, f.base(), inv.args(), out)) {
          return null;
        }
      }
    }
    return out;
  }

  /** Records one insertion; false when its holder's sites or its elements are not known. */
  private boolean insert(MethodFacts mf, Val base, List<Val> args, Map<String, Set<String>> out) {
    TypeFlow flow = program.typeFlow();
    for (Val e : args.subList(1, args.size())) {
      if (!FlowValues.isRef(e) || Val.isNull(e)) {
        continue;
      }
      if (flow.outside().isContainer(e.type())) {
        return false; // addAll(c): another container's contents
      }
      boolean perCall = base instanceof Val.Param b && b.index() == 0 && !mf.isStatic()
          && e instanceof Val.Param p && p.index() > 0 && !flow.isOpen(mf.ref());
      if (perCall) {
        int j = ((Val.Param) e).index();
        for (CallSite cs : callSites(mf.ref())) {
          if (cs.inv().args().size() <= j || !add(out, sitesAt(cs.inv().args().get(0), cs.caller().ref(), 0),
              classesOf(cs.inv().args().get(j), cs.caller().ref()))) {
            return false;
          }
        }
      } else if (!add(out, sitesAt(base, mf.ref(), 0), classesOf(e, mf.ref()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean add(Map<String, Set<String>> out, Set<String> holders, Set<String> classes) {
    if (holders == null) {
      return false;
    }
    for (String h : holders) {
      int k = h.indexOf(CONTEXT);
      out.computeIfAbsent(h, x -> new TreeSet<>()).addAll(classes);
      out.computeIfAbsent(k < 0 ? h + DIRECT : h.substring(0, k), x -> new TreeSet<>()).addAll(classes);
    }
    return true;
  }

  private Set<String> classesOf(Val v, MethodRef in) {
    if (Val.isNull(v)) {
      return Set.of();
    }
    TypeFlow flow = program.typeFlow();
    TypeSet t = flow.typesOf(v, in);
    if (t.isAny()) {
      return Set.of(UNKNOWN);
    }
    Set<String> out = new TreeSet<>();
    for (int id : t.ids()) {
      String c = flow.classOf(id);
      out.add(c == null ? UNKNOWN : c);
    }
    return out;
  }

  /** The allocation sites of the objects {@code v} can be in {@code in}; null when not all are known. */
  private Set<String> sitesAt(Val v, MethodRef in, int depth) {
    if (v instanceof Val.Param p && p.index() == 0 && !program.isStaticMethod(in)) {
      return thisSites(in, depth);
    }
    TypeFlow flow = program.typeFlow();
    TypeSet t = flow.typesOf(v, in);
    if (t.isAny()) {
      return null;
    }
    Set<String> out = new TreeSet<>();
    for (int id : t.ids()) {
      String s = flow.siteOf(id);
      if (s == null) {
        return null; // a class seen by name only (this of a method), or a lambda
      }
      out.add(s);
    }
    if (fresh.fresh(v, in)) {
      Set<String> own = new TreeSet<>();
      out.forEach(s -> own.add(s + CONTEXT + in));
      return own;
    }
    return out;
  }

  /** The sites of {@code this} in {@code m}: those of the receivers at its call sites. */
  private Set<String> thisSites(MethodRef m, int depth) {
    Optional<Set<String>> known = thisSites.get(m);
    if (known != null) {
      return known.orElse(null);
    }
    if (depth > MAX_DEPTH || !computing.add(m)) {
      return null; // a cycle of calls on this, or too deep: not known (and not remembered)
    }
    Set<String> out = program.typeFlow().isOpen(m) ? null : new TreeSet<>();
    for (CallSite cs : out == null ? List.<CallSite>of() : callSites(m)) {
      Set<String> s = cs.inv().args().isEmpty() ? null : sitesAt(cs.inv().args().get(0), cs.caller().ref(), depth + 1);
      if (s == null) {
        out = null;
        break;
      }
      out.addAll(s);
    }
    computing.remove(m);
    thisSites.put(m, Optional.ofNullable(out));
    return out;
  }

  /** Every call that may reach {@code m}, by the class hierarchy (uncut). */
  private List<CallSite> callSites(MethodRef m) {
    if (bySignature == null) {
      bySignature = program.indexes().callsBySignature();
    }
    List<CallSite> out = new ArrayList<>();
    for (CallSite cs : bySignature.getOrDefault(new Sig(m.name(), m.desc()), List.of())) {
      if (program.typeFlow().allTargets(cs.inv()).contains(m)) {
        out.add(cs);
      }
    }
    return out;
  }

  /** Every call, by the name and descriptor it names, callers in program order ({@link FactIndexes}). */
  static Map<Sig, List<CallSite>> callsBySignature(Program program) {
    Map<Sig, List<CallSite>> out = new HashMap<>();
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          out.computeIfAbsent(new Sig(inv.method().name(), inv.method().desc()), k -> new ArrayList<>())
              .add(new CallSite(mf, inv));
        }
      }
    }
    return out;
  }

  /** Whether an allocation's constructor is given no object (an empty queue, a sized list). */
  private boolean madeEmpty(Val.New n) {
    for (Op.Invoke inv : program.sites().ctorCalls(n.site())) {
      for (Val a : inv.args().subList(1, inv.args().size())) {
        if (FlowValues.isRef(a) && !Val.isNull(a)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the container in {@code D.f} leaves a read in {@code mf}: then others may fill it unseen. */
  private boolean leaves(MethodFacts mf, String decl, String name) {
    if (mf.merged() == null) {
      return true; // too many values merged at joins to list: any of them may be the container
    }
    Leak leak = new Leak(decl, name);
    for (Val v : mf.merged()) {
      leak.walk(v, true);
    }
    mf.mergedAt().values().forEach(vs -> vs.forEach(v -> leak.walk(v, true)));
    for (FieldStore st : mf.stores()) {
      leak.walk(st.value(), true);
      leak.walk(st.base(), false);
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv) {
        leak.call(inv.kind().equals("static"), inv.args());
      } else if (n.op() instanceof Op.Return r && r.value() != null) {
        leak.walk(r.value(), true);
      } else if (n.op() instanceof Op.MonitorEnter e) {
        leak.walk(e.lock(), false);
      }
    }
    return leak.found;
  }

  /** A walk over values looking for the container itself, or a view of it, where it can be kept. */
  private final class Leak {
    private final String decl;
    private final String name;
    boolean found;

    Leak(String decl, String name) {
      this.decl = decl;
      this.name = name;
    }

    void call(boolean isStatic, List<Val> args) {
      for (int i = 0; i < args.size(); i++) {
        // A receiver is used in place: a JDK call's on the container, an application call's on an
        // element (which is no JDK container then).
        walk(args.get(i), !(i == 0 && !isStatic));
      }
    }

    void walk(Val v, boolean kept) {
      if (found || v == null) {
        return;
      }
      if (v instanceof Val.Field f) {
        if (f.name().equals(name) && program.fieldDeclarer(f.owner(), f.name()).equals(decl)) {
          found |= kept;
        }
        walk(f.base(), false);
      } else if (v instanceof Val.Call c) {
        boolean isStatic = FlowValues.isStatic(c);
        if (kept && !isStatic && !c.args().isEmpty() && program.typeFlow().outside().code(c.method())
            && (program.typeFlow().outside().isContainer(c.type()) || c.type().equals("java/lang/Object"))) {
          walk(root(c), true); // a view or a nested container of it, handed on
        }
        call(isStatic, c.args());
      } else if (v instanceof Val.Elem e) {
        walk(e.array(), false);
      } else if (v instanceof Val.Lambda l) {
        l.captures().forEach(x -> walk(x, true));
      }
    }
  }
}
