package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import dev.lockorder.summary.FlowValues.LambdaType;
import dev.lockorder.summary.FlowValues.Site;
import dev.lockorder.summary.FlowValues.Src;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which classes can reach each value: a variable-type analysis in the spirit of Sundaresan et al.
 * (OOPSLA 2000), field-based and context-insensitive, with calls resolved on the fly. Types flow
 * from allocations and lambdas through fields, parameters and returns; a call passes its arguments
 * to, and takes the result of, only the methods that the classes reaching its receiver run.
 *
 * <p>Each node (a field, a parameter, a method's return, an allocation site) has a twin for its
 * <em>contents</em>: what JDK or library code called on it was handed ({@code list.add(x)}, {@code
 * map.computeIfAbsent(k, k -> new E())}), and so what it can hand back ({@code list.get(i)},
 * {@code map.values().iterator().next()}). Everything nested in one container is one set.
 *
 * <p>{@link TypeSet#ANY} stands for what the analysis cannot see: parameters of methods that code
 * outside the inputs may call, fields of library classes or never stored, arrays' elements.
 * Dispatch then falls back to the hierarchy. The closed-world assumption and its other limits are
 * written down in analyzer/README.md.
 */
final class TypeFlow {
  private final Program program;
  private final Dispatch dispatch;
  private final Outside outside;
  private final FlowGraph<FlowKey> graph = new FlowGraph<>();
  private final FlowValues values;
  private final Set<MethodRef> called = new HashSet<>();
  private final Set<MethodRef> open = new HashSet<>();
  private final Set<MethodRef> lambdaImpls = new HashSet<>();
  private final Map<String, Set<String>> homes = new HashMap<>();
  private final LambdaBodies bodies;
  private static final int MAX_CLASSES = 64;

  /** What the code outside the inputs may call (its JDK class reads cached): shared, not read again. */
  Outside outside() {
    return outside;
  }

  TypeFlow(Program program, Dispatch dispatch) {
    this.program = program;
    this.dispatch = dispatch;
    this.outside = new Outside(program);
    this.values = new FlowValues(program, dispatch, outside, graph);
    program.lambdasByType().values().forEach(ls -> ls.forEach(l -> lambdaImpls.add(l.impl())));
    // First who calls whom, so that the flows below know which methods the outside may call; each
    // call's targets (lists shared per signature, added once) are kept, in order, for the pass below.
    Set<List<MethodRef>> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<List<MethodRef>> byCall = new ArrayList<>();
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          List<MethodRef> targets = dispatch.all(inv.method(), inv.kind());
          byCall.add(targets);
          if (seen.add(targets)) {
            called.addAll(targets);
            if (targets.size() > FlowValues.MAX_FANOUT) {
              open.addAll(targets);
            }
          }
        }
      }
    }
    for (MethodFacts mf : program.methods()) {
      MethodRef m = mf.ref();
      if (!called.contains(m) || lambdaImpls.contains(m) || outside.overridesOutside(m)) {
        open.add(m);
      }
    }
    // A lambda body's captured parameters hold what was captured where the lambda was made.
    bodies = program.indexes().lambdaBodies();
    for (LambdaBodies.Made m : bodies.made()) {
      List<Val> caps = m.lambda().captures();
      for (int j = program.isStaticMethod(m.lambda().impl()) ? 0 : 1; j < caps.size(); j++) {
        if (FlowValues.isRef(caps.get(j))) {
          FlowKey p = new FlowKey('P', m.lambda().impl(), j);
          values.flow(values.sources(caps.get(j), m.in()), graph.node(p));
          both(values.contents(caps.get(j), m.in()), values.contentsOf(p));
        }
      }
    }
    java.util.Iterator<List<MethodRef>> calls = byCall.iterator();
    for (MethodFacts mf : program.methods()) {
      MethodRef in = mf.ref();
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          site(in, inv, calls.next());
          JdkConstructors.flow(in, inv, outside, values, graph);
        } else if (n.op() instanceof Op.Return r && r.value() != null && FlowValues.isRef(r.value())) {
          FlowKey ret = new FlowKey('R', in, 0);
          values.flow(values.sources(r.value(), in), graph.node(ret));
          both(values.contents(r.value(), in), values.contentsOf(ret));
        }
      }
      for (FieldStore st : program.storesIn(mf)) { // with handle and updater writes (FieldSetByUpdater)
        if (!FlowValues.isRef(st.value())) {
          continue; // a constructor's int code: no class flows there
        }
        FlowKey f = values.fieldKey(st.owner(), st.name());
        if (st.value() instanceof Val.New nw) {
          homes.computeIfAbsent(nw.site(), k -> new TreeSet<>()).add((String) f.at());
        }
        values.flow(values.sources(st.value(), in), graph.node(f));
        both(values.contents(st.value(), in), values.contentsOf(f));
      }
    }
    CastParams.restrict(program, outside, graph);
    graph.seed(this::seed);
    graph.propagate();
  }

  /** The classes that may reach {@code v}, a value in method {@code in}'s terms. */
  TypeSet typesOf(Val v, MethodRef in) {
    Src s = values.sources(v, in);
    graph.settle(); // a value looked up for the first time may have brought new nodes
    TypeSet out = s.lit;
    for (int n : s.nodes) {
      out = out.union(graph.set(n));
      if (out.isAny()) {
        return out;
      }
    }
    return out;
  }

  /**
   * The classes that may reach {@code v} (a value in {@code in}'s terms) when parameter {@code k}
   * holds an object of class {@code cls}: calls on values made from that parameter ({@code
   * table.getScanIndex(s).find(..)}) are resolved for that class alone and give what those targets
   * return. Null when anything on the way is unknown (a lambda, the outside, too many classes).
   */
  Set<String> classesIf(Val v, MethodRef in, int k, String cls, int depth) {
    if (v instanceof Val.Param p && p.index() == k) {
      return Set.of(cls);
    }
    if (depth > 0 && v instanceof Val.Call c && !c.args().isEmpty() && !program.isStaticMethod(c.method())
        && FlowValues.isRef(v)) {
      Set<String> recv = classesIf(c.args().get(0), in, k, cls, depth - 1);
      if (recv == null) {
        return null;
      }
      Set<String> out = new TreeSet<>();
      for (String r : recv) {
        MethodRef t = program.resolve(r, c.method().name(), c.method().desc());
        if (t == null || program.facts(t) == null) {
          return null;
        }
        int n = graph.find(new FlowKey('R', t, 0));
        Set<String> ret = n < 0 ? Set.of() : classes(graph.set(n));
        if (ret == null) {
          return null;
        }
        out.addAll(ret);
      }
      return out;
    }
    return classes(typesOf(v, in));
  }

  /** The classes of a type set; null when it is unknown, holds a lambda or is large. */
  Set<String> classes(TypeSet s) {
    if (s.isAny() || s.ids().length > MAX_CLASSES) {
      return null;
    }
    Set<String> out = new TreeSet<>();
    for (int id : s.ids()) {
      String c = classOf(id);
      if (c == null) {
        return null;
      }
      out.add(c);
    }
    return out;
  }

  /** The one class every object in {@code s} has; null when there are several, or none known. */
  String onlyClass(TypeSet s) {
    if (s.isAny() || s.isEmpty()) {
      return null;
    }
    String only = null;
    for (int id : s.ids()) {
      String c = classOf(id);
      if (c == null || only != null && !only.equals(c)) {
        return null;
      }
      only = c;
    }
    return only;
  }

  /** The class of type id {@code id}: an allocation site's class or a receiver class; null for a lambda. */
  String classOf(int id) {
    Object t = graph.type(id);
    return t instanceof Site site ? site.type() : t instanceof String c ? c : null;
  }

  /** The code of type id {@code id} for a call to {@code m}, when it is a lambda implementing it. */
  MethodRef lambdaFor(int id, MethodRef m) {
    return graph.type(id) instanceof LambdaType l && l.sam().equals(m.name()) && program.isSubtype(l.iface(), m.owner())
        ? l.impl() : null;
  }

  /** The types that reach field {@code declarer.name}; null when no code touches it. */
  TypeSet fieldTypes(String declarer, String name) {
    int n = graph.find(values.fieldKey(declarer, name));
    return n < 0 ? null : graph.set(n);
  }

  /** Whether one object can be of both types, the JDK's hierarchy included. */
  boolean mayBeBoth(String a, String b) {
    return outside.mayBeBoth(a, b);
  }

  /** Whether {@code cls} is {@code of} or a subtype, the JDK's hierarchy included. */
  boolean isSubtype(String cls, String of) {
    return outside.isSubtype(cls, of);
  }

  /** The allocation site of type id {@code id}, or null when it is not one. */
  String siteOf(int id) {
    return graph.type(id) instanceof Site site ? site.site() : null;
  }

  /** The type id of the objects of class {@code type} made at {@code site}. */
  int siteId(String site, String type) {
    return graph.typeId(new Site(site, type));
  }

  /** The fields an allocation at {@code site} is stored straight into. */
  Set<String> homesOf(String site) {
    return homes.getOrDefault(site, Set.of());
  }

  /**
   * A call: its arguments flow into the parameters of each method ({@code targets}, by the hierarchy)
   * the receiver's classes run (a guarded edge per target), and what it hands JDK or library code
   * that stores it (a collection's {@code add}) flows into that container's contents.
   */
  private void site(MethodRef in, Op.Invoke inv, List<MethodRef> targets) {
    boolean instance = !inv.kind().equals("static") && !inv.args().isEmpty();
    List<MethodRef> viaJdk = instance && !inv.kind().equals("special") ? values.viaJdk(inv.method(), targets) : List.of();
    if (targets.size() <= FlowValues.MAX_FANOUT && (!targets.isEmpty() || !viaJdk.isEmpty())) {
      int recv = instance && !inv.kind().equals("special") ? values.valueNode(inv.args().get(0), in) : -1;
      // Per argument: its node, its contents' node, and the contents' own nodes (for the way back).
      List<int[]> args = new ArrayList<>();
      for (int i = instance ? 1 : 0; i < inv.args().size(); i++) {
        Val a = inv.args().get(i);
        if (FlowValues.isRef(a)) {
          Src inner = values.contents(a, in);
          int[] row = new int[3 + inner.nodes.size()];
          row[0] = i;
          row[1] = values.valueNode(a, in);
          row[2] = values.nodeOf(inner, new FlowKey('W', List.of(in, a), 0));
          for (int k = 0; k < inner.nodes.size(); k++) {
            row[3 + k] = inner.nodes.get(k);
          }
          args.add(row);
        }
      }
      int closedEdges = args.stream().mapToInt(row -> row.length - 1).sum();
      List<MethodRef> all = new ArrayList<>(targets);
      all.addAll(viaJdk);
      for (int ti = 0; ti < (args.isEmpty() ? 0 : all.size()); ti++) {
        MethodRef t = all.get(ti);
        boolean knownOnly = ti >= targets.size(); // one of viaJdk: opened by a known type only
        if (lambdaImpls.contains(t)) {
          continue; // its parameters are open: captures first, then what the interface's caller passes
        }
        boolean closed = !open.contains(t);
        int[] f = new int[closed ? closedEdges : 2 * args.size()]; // unboxed: per target per site
        int[] g = new int[f.length];
        int e = 0;
        for (int[] row : args) {
          FlowKey p = new FlowKey('P', t, row[0]);
          int paramInner = values.contentsOf(p);
          f[e] = row[1];
          g[e++] = graph.node(p);
          f[e] = row[2];
          g[e++] = paramInner;
          if (closed) {
            for (int k = 3; k < row.length; k++) {
              f[e] = paramInner; // what the callee adds to a container it was given
              g[e++] = row[k];
            }
          }
        }
        if (recv < 0) {
          for (int k = 0; k < f.length; k++) {
            graph.edge(f[k], g[k]);
          }
        } else {
          graph.guard(recv, values.runs(t, inv.method()), f, g, knownOnly);
        }
      }
    }
    if (inv.args().size() > 1 && instance && outside.code(inv.method()) && inserts(inv.method())) {
      Src into = values.contents(values.root(inv.args().get(0)), in);
      for (int i = 1; i < inv.args().size(); i++) {
        Val a = inv.args().get(i);
        if (!FlowValues.isRef(a)) {
          continue;
        }
        Src what = values.sources(a, in);
        // An element's own contents are not the container's, unless it is a container itself.
        Src inner = outside.isContainer(a.type()) ? values.contents(a, in) : new Src();
        if (a instanceof Val.Lambda l) {
          what.nodes.add(graph.node(new FlowKey('R', l.impl(), 0))); // computeIfAbsent(k, k -> new E())
        }
        for (int k : into.nodes) {
          values.flow(what, k);
          both(inner, k);
        }
      }
    }
  }

  /** Every method a call may reach by the class hierarchy, uncut (the flow's own view of who calls whom). */
  List<MethodRef> allTargets(Op.Invoke inv) {
    return dispatch.all(inv.method(), inv.kind());
  }

  /** Whether code outside the inputs may call {@code m}: its parameters are anything. */
  boolean isOpen(MethodRef m) {
    return open.contains(m);
  }

  /** Accepts the type ids whose class (or lambda) runs {@code target} for a call to {@code m}. */
  java.util.function.IntPredicate runs(MethodRef target, MethodRef m) {
    return values.runs(target, m);
  }

  /** An allocation site, a class name or a lambda: what type id {@code id} stands for. */
  Object type(int id) {
    return graph.type(id);
  }

  /**
   * Whether a JDK or library method puts its arguments into its receiver (a collection's {@code
   * add}, a map's {@code put}, a reference's {@code set}, a future's {@code complete}): lookups
   * ({@code get(key)}, {@code contains}, {@code remove(key)}) hand nothing in.
   */
  static boolean inserts(MethodRef m) {
    String n = m.name();
    return n.startsWith("add") || n.startsWith("put") || n.startsWith("offer") || n.startsWith("push")
        || n.startsWith("set") || n.startsWith("insert") || n.startsWith("replace") || n.startsWith("compute")
        || n.equals("merge") || n.equals("transfer") || n.equals("exchange") || n.equals("<init>")
        || n.endsWith("AndSet") || n.startsWith("compareAnd") || n.equals("lazySet") || n.startsWith("complete")
        || n.equals("obtrudeValue");
  }

  /**
   * Containers are shared, not copied: what one alias adds, every alias can take out. So contents
   * flow both ways along a value's flow ({@code getList().add(x)} fills the field's list).
   */
  private void both(Src from, int to) {
    values.flow(from, to);
    for (int n : from.nodes) {
      graph.edge(to, n);
    }
  }

  /** What a node holds when nothing in the inputs flows into it. */
  private TypeSet seed(FlowKey k) {
    FlowKey base = k.kind() == 'K' ? (FlowKey) k.at() : k;
    if (base.kind() == 'P') {
      MethodRef m = (MethodRef) base.at();
      return open.contains(m) && !bodies.isCaptured(m, base.index()) ? TypeSet.ANY : TypeSet.EMPTY;
    }
    if (base.kind() == 'F') {
      String decl = (String) base.at();
      int dot = decl.lastIndexOf('.');
      String cls = decl.substring(0, dot);
      ClassInfo ci = program.classInfo(cls);
      String jdkType = ci == null ? outside.jdkFieldType(cls, decl.substring(dot + 1)) : null;
      if (jdkType != null && k.kind() == 'F') {
        // The JDK's own object, or what a JDK constructor was handed (JdkConstructors).
        return TypeSet.of(graph.typeId(jdkType));
      }
      boolean stored = !program.storesOf(cls, decl.substring(dot + 1)).isEmpty();
      return ci == null || ci.library() || !stored ? TypeSet.ANY : TypeSet.EMPTY;
    }
    return TypeSet.EMPTY;
  }
}
