package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Where a value's types come from, as nodes of the {@link FlowGraph}: a field is its field's node,
 * a parameter its method's parameter node, an allocation or lambda its own type, a call a node fed
 * by the returns of the methods the receiver's classes run (guarded edges) or, for JDK and library
 * code, by the container it was called on. The same for what a value <em>contains</em>.
 */
final class FlowValues {
  /** Call sites with more rapid-type targets than this are not followed by the flow. */
  static final int MAX_FANOUT = 64;

  /** An allocation site: its class dispatches calls; the site itself names the lock it makes. */
  record Site(String site, String type) {}

  /** A lambda as a type: its code and the interface method it implements. */
  record LambdaType(MethodRef impl, String sam, String iface) {}

  /** A value as seen in one method. */
  private record At(MethodRef in, Val v) {}

  /** Where a value's types come from: types known outright, and nodes. */
  static final class Src {
    TypeSet lit = TypeSet.EMPTY;
    final List<Integer> nodes = new ArrayList<>();

    void addAll(Src o) {
      lit = lit.union(o.lit);
      nodes.addAll(o.nodes);
    }
  }

  private final Program program;
  private final Dispatch dispatch;
  private final Outside outside;
  private final FlowGraph<FlowKey> graph;
  private final Map<MethodRef, TypeSet> thisTypes = new HashMap<>();
  private int unknownDepth;
  private final CtorFields ctorFields;
  private final SiteFields sites;
  private final FlowKey.Fields fieldKeys;

  FlowValues(Program program, Dispatch dispatch, Outside outside, FlowGraph<FlowKey> graph) {
    this.ctorFields = program.ctorFields();
    this.program = program;
    this.dispatch = dispatch;
    this.outside = outside;
    this.graph = graph;
    this.fieldKeys = new FlowKey.Fields(program);
    this.sites = new SiteFields(program, ctorFields, graph, this);
  }

  FlowKey fieldKey(String owner, String name) {
    return fieldKeys.of(owner, name);
  }

  int contentsOf(FlowKey k) {
    return graph.node(new FlowKey('K', k, 0));
  }

  /** One node holding what {@code src} holds (the node itself when it is just one). */
  int nodeOf(Src src, FlowKey key) {
    if (src.lit.isEmpty() && src.nodes.size() == 1) {
      return src.nodes.get(0);
    }
    int found = graph.find(key);
    if (found >= 0) {
      return found;
    }
    int n = graph.node(key);
    flow(src, n);
    return n;
  }

  /** The node of a value's own types, in method {@code in}. */
  int valueNode(Val v, MethodRef in) {
    return nodeOf(sources(v, in), new FlowKey('V', new At(in, v), 0));
  }

  void flow(Src from, int to) {
    if (!from.lit.isEmpty()) {
      graph.add(to, from.lit);
    }
    for (int n : from.nodes) {
      graph.edge(n, to);
    }
  }

  /**
   * The methods that classes of the inputs reaching {@code m}'s type only through the JDK's
   * hierarchy run for a call to {@code m}, less {@code targets}: a call on an object the flow knows
   * to be one reaches them, "anything" does not (the class hierarchy's targets stay as they were).
   * None when, added, they would pass {@link #MAX_FANOUT}: on a large closure every {@code
   * Object.toString} would take every exception class.
   */
  List<MethodRef> viaJdk(MethodRef m, List<MethodRef> targets) {
    List<String> classes = outside.jdkOnlySubtypes(m.owner());
    if (classes.isEmpty()) {
      return List.of();
    }
    // Target lists are shared per signature (Dispatch.all): one answer per list, by identity.
    return viaJdk.computeIfAbsent(m, k -> new java.util.IdentityHashMap<>())
        .computeIfAbsent(targets, t -> viaJdkUncached(m, classes, t));
  }

  private final Map<MethodRef, java.util.IdentityHashMap<List<MethodRef>, List<MethodRef>>> viaJdk = new HashMap<>();

  private List<MethodRef> viaJdkUncached(MethodRef m, List<String> classes, List<MethodRef> targets) {
    java.util.Set<MethodRef> out = new java.util.TreeSet<>();
    java.util.Set<MethodRef> known = new java.util.HashSet<>(targets);
    for (String c : classes) {
      MethodRef r = program.resolve(c, m.name(), m.desc());
      if (r != null && program.facts(r) != null && !known.contains(r)) {
        out.add(r);
      }
    }
    return targets.size() + out.size() > MAX_FANOUT ? List.of() : List.copyOf(out);
  }

  /** Accepts the type ids whose class (or lambda) runs {@code target} for a call to {@code m}. */
  IntPredicate runs(MethodRef target, MethodRef m) {
    return id -> {
      Object t = graph.type(id);
      if (t instanceof LambdaType l) {
        return l.impl().equals(target) && l.sam().equals(m.name());
      }
      String c = t instanceof Site s ? s.type() : (String) t;
      return outside.isSubtype(c, m.owner()) && target.equals(program.resolve(c, m.name(), m.desc()));
    };
  }

  /** Where a value's own types come from. */
  Src sources(Val v, MethodRef in) {
    Src s = new Src();
    if (v instanceof Val.New nw) {
      if (!nw.type().startsWith("[")) {
        s.lit = TypeSet.of(graph.typeId(new Site(nw.site(), nw.type())));
      }
    } else if (v instanceof Val.Lambda l) {
      s.lit = TypeSet.of(graph.typeId(new LambdaType(l.impl(), l.sam(), l.type())));
    } else if (v instanceof Val.Const || v instanceof Val.ClassLit) {
      // JDK objects: no application method runs on them.
    } else if (v instanceof Val.Param p) {
      if (p.index() == 0 && !program.isStaticMethod(in)) {
        s.lit = receiverTypes(in);
      } else {
        s.nodes.add(graph.node(new FlowKey('P', in, p.index())));
      }
    } else if (v instanceof Val.Field f) {
      List<CtorFields.Source> byCtor = ctorFields.sources(f.base().type(), program.fieldDeclarer(f.owner(), f.name()),
          f.name());
      if (byCtor == null) {
        s.nodes.add(graph.node(fieldKey(f.owner(), f.name())));
      } else {
        byCtor.forEach(src -> s.nodes.add(graph.node(new FlowKey('P', src.ctor(), src.index()))));
      }
    } else if (v instanceof Val.Static st) {
      s.nodes.add(graph.node(fieldKey(st.owner(), st.name())));
    } else if (v instanceof Val.Call c) {
      s.nodes.add(call(c, in, false));
    } else if (v instanceof Val.Unknown u) {
      merged(u, in, s, false);
    } else {
      s.lit = TypeSet.ANY; // array elements, a returned object in a summary
    }
    return s;
  }

  /** Where the types a value contains (as a container) come from. */
  Src contents(Val v, MethodRef in) {
    Src s = new Src();
    if (!mayContain(v.type())) {
      return s; // a String, a Thread, an application object: whatever it holds is not handed out
    }
    if (v instanceof Val.New nw) {
      if (nw.type().startsWith("[")) {
        s.lit = TypeSet.ANY;
      } else {
        s.nodes.add(contentsOf(new FlowKey('S', nw.site(), 0)));
      }
    } else if (v instanceof Val.Lambda || v instanceof Val.Const || v instanceof Val.ClassLit) {
      // nothing inside
    } else if (v instanceof Val.Param p && (p.index() > 0 || program.isStaticMethod(in))) {
      s.nodes.add(contentsOf(new FlowKey('P', in, p.index())));
    } else if (v instanceof Val.Field f && !f.type().startsWith("[")) {
      s.nodes.add(contentsOf(fieldKey(f.owner(), f.name())));
    } else if (v instanceof Val.Static st && !st.type().startsWith("[")) {
      s.nodes.add(contentsOf(fieldKey(st.owner(), st.name())));
    } else if (v instanceof Val.Call c) {
      s.nodes.add(call(c, in, true));
    } else if (v instanceof Val.Unknown u) {
      merged(u, in, s, true);
    } else {
      s.lit = TypeSet.ANY;
    }
    return s;
  }

  /**
   * A call's result (or what it contains), one node per call value and method: the returns of the
   * application methods that the receiver's classes run, and for JDK or library code the container
   * it was called on and what that holds ({@code map.get(k)}), or for a static one, its arguments.
   */
  private int call(Val.Call c, MethodRef in, boolean inner) {
    FlowKey key = new FlowKey(inner ? 'Q' : 'C', new At(in, c), 0);
    int found = graph.find(key);
    if (found >= 0) {
      return found;
    }
    int node = graph.node(key);
    boolean instance = !isStatic(c) && !c.args().isEmpty();
    List<MethodRef> targets = dispatch.all(c.method(), instance ? "virtual" : "static");
    if (targets.size() > MAX_FANOUT) {
      graph.add(node, TypeSet.ANY);
      return node;
    }
    if (targets.isEmpty() && instance && implementedOutside(c.method())) {
      graph.add(node, TypeSet.ANY); // what the library's users return there
    }
    int recv = instance ? valueNode(c.args().get(0), in) : -1;
    // A JDK method on an object the flow cannot see gives the JDK's own object (below): the
    // program's overrides run only for their objects seen there (UnseenHolderIteratorSafe).
    boolean ownOnUnseen = instance && outside.code(c.method()) && jdkObject(c.method()) >= 0;
    for (MethodRef t : targets) {
      FlowKey r = new FlowKey('R', t, 0);
      int from = inner ? contentsOf(r) : graph.node(r);
      if (!instance) {
        graph.edge(from, node);
      } else if (ownOnUnseen || inner || !sites.getter(recv, t, runs(t, c.method()), from, node)) {
        graph.guard(recv, runs(t, c.method()), new int[] {from}, new int[] {node}, ownOnUnseen);
      }
    }
    for (MethodRef t : instance ? viaJdk(c.method(), targets) : List.<MethodRef>of()) {
      FlowKey r = new FlowKey('R', t, 0);
      graph.guard(recv, runs(t, c.method()), new int[] {inner ? contentsOf(r) : graph.node(r)}, new int[] {node}, true);
    }
    // super.m() on this (named after a class not the caller's): the named method runs, overridden or not.
    MethodRef named = program.resolve(c.method().owner(), c.method().name(), c.method().desc());
    if (instance && c.args().get(0) instanceof Val.Param p && p.index() == 0 && named != null
        && program.facts(named) != null && (!targets.contains(named) || !c.method().owner().equals(in.owner()))) {
      FlowKey r = new FlowKey('R', named, 0);
      graph.edge(inner ? contentsOf(r) : graph.node(r), node);
    }
    if (outside.code(c.method()) || instance && JdkReturns.runsJdkCode(program, outside, c.method())) {
      Src s = new Src();
      List<MethodRef> actions = instance ? List.of() : RunsNow.handsBack(c.method(), c.args(), program);
      if (JdkReturns.reflective(c.method())) {
        s.lit = TypeSet.ANY; // an object of a class named at run time
      } else if (c.args().isEmpty()) {
        s.lit = TypeSet.ANY; // Thread.currentThread(), a factory: made or kept outside
      } else if (!actions.isEmpty()) {
        for (MethodRef t : actions) {
          FlowKey r = new FlowKey('R', t, 0);
          s.nodes.add(inner ? contentsOf(r) : graph.node(r));
        }
      } else if (!instance) {
        // requireNonNull(x), List.of(a, b), Collections.unmodifiableList(l): made of its arguments.
        for (Val a : c.args()) {
          if (isRef(a)) {
            s.addAll(contents(a, in));
            if (!inner) {
              s.addAll(sources(a, in));
            }
          }
        }
      } else {
        Val root = root(c.args().get(0));
        int jdkOwn = jdkObject(c.method());
        if (inner || jdkOwn < 0) {
          // What the container holds comes out where a method hands back an element (declared
          // Object: get, next, poll), not where the JDK hands back its own view of it (an
          // iterator, an entry set), which only walks what the container holds.
          s.addAll(contents(root, in));
        }
        if (!inner) {
          Src self = sources(root, in);
          if (jdkOwn < 0) {
            s.addAll(self);
          } else {
            // What a JDK method hands back from an object the flow cannot see (a socket's stream, a
            // factory's socket, a list a library filled) is the JDK's own object, as it is from one
            // the flow can see: so even where no object at all is seen there.
            s.lit = s.lit.union(TypeSet.of(jdkOwn)).union(self.lit.isAny() ? TypeSet.EMPTY : self.lit);
            self.nodes.forEach(n -> graph.narrowing(n, node, jdkOwn));
          }
        }
      }
      flow(s, node);
    }
    return node;
  }

  /**
   * An unknown value: one of the values its method merged at joins, of a type it can have (a local
   * set on two branches, {@code null} or a call's result), as the bytecode reader kept them
   * ({@link MethodFacts#merged}); nothing is known when there were too many.
   */
  private void merged(Val.Unknown u, MethodRef in, Src s, boolean inner) {
    MethodFacts mf = program.facts(in);
    List<Val> alts = mf == null ? null : u.join() >= 0 && mf.mergedAt().containsKey(u.join())
        ? mf.mergedAt().get(u.join()) : mf.merged();
    if (alts == null || unknownDepth > 3) {
      s.lit = TypeSet.ANY;
      return;
    }
    unknownDepth++;
    try {
      for (Val a : alts) {
        if (u.type().equals("java/lang/Object") || u.type().equals(Val.NULL_TYPE) || outside.mayBeBoth(a.type(), u.type())) {
          s.addAll(inner ? contents(a, in) : sources(a, in));
        }
      }
    } finally {
      unknownDepth--;
    }
  }

  /**
   * Whether {@code m} is an abstract method of an input class that no class of the program
   * implements: only the library's users do (Guava's {@code AbstractScheduledService.scheduler()}),
   * and what they return is anything, not nothing.
   */
  private boolean implementedOutside(MethodRef m) {
    dev.lockorder.ir.ClassInfo ci = program.classInfo(m.owner());
    dev.lockorder.ir.ClassInfo.MethodInfo mi = ci == null || ci.library() ? null : ci.methods().get(m.signature());
    return mi != null && mi.isAbstract() && org.objectweb.asm.Type.getReturnType(m.desc()).getSort()
        == org.objectweb.asm.Type.OBJECT;
  }

  /** The container a chain of JDK or library calls starts from: {@code f.values().iterator()} is {@code f}'s. */
  Val root(Val v) {
    int guard = 0;
    while (v instanceof Val.Call c && !c.args().isEmpty() && !isStatic(c) && outside.code(c.method()) && guard++ < 8) {
      v = c.args().get(0);
    }
    return v;
  }

  /**
   * The JDK type id of what {@code m} hands back when it is the JDK's own object ({@link
   * JdkReturns#type}); -1 otherwise (then it may be whatever its caller handed the JDK, and an
   * unseen receiver's "anything" stays anything).
   */
  private int jdkObject(MethodRef m) {
    String t = JdkReturns.type(program, outside, m);
    return t == null ? -1 : graph.typeId(t);
  }

  /** Whether a call has no receiver: its arguments are exactly its descriptor's parameters. */
  static boolean isStatic(Val.Call c) {
    return c.args().size() == org.objectweb.asm.Type.getArgumentCount(c.method().desc());
  }

  /** The classes {@code this} can be in {@code m}: every allocated subtype of its class. */
  private TypeSet receiverTypes(MethodRef m) {
    TypeSet cached = thisTypes.get(m);
    if (cached != null) {
      return cached;
    }
    TypeSet out = TypeSet.EMPTY;
    for (String c : dispatch.subtypes(m.owner())) {
      // Subclasses that override m still reach it through super.m().
      if (program.isInstantiated(c)) {
        out = out.union(TypeSet.of(graph.typeId(c)));
      }
    }
    if (out.isEmpty()) {
      out = TypeSet.ANY; // made by reflection or by the library's users
    }
    thisTypes.put(m, out);
    return out;
  }

  private boolean mayContain(String type) {
    return outside.isContainer(type) || type.equals("java/lang/Object") || type.equals(Val.NULL_TYPE)
        || type.startsWith("[");
  }

  /** Whether a value is an object (primitive types are one-letter descriptors). */
  static boolean isRef(Val v) {
    return v.type().length() > 1;
  }
}
