package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
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
import java.util.Set;
import java.util.TreeSet;

/**
 * Which classes can reach each value: a variable-type analysis in the spirit of Sundaresan et al.
 * (OOPSLA 2000), field-based and context-insensitive. Types flow from allocations and lambdas
 * through fields, parameters and returns over the rapid-type call graph; a call is then dispatched
 * only to the classes that reach its receiver.
 *
 * <p>Each node (a field, a parameter, a method's return, an allocation site) has a twin for its
 * <em>contents</em>: what JDK or library code called on it was given ({@code list.add(x)}, {@code
 * map.computeIfAbsent(k, k -> new E())}), and so what it can hand back ({@code list.get(i)},
 * {@code map.values().iterator().next()}). Everything nested in one container is one set.
 *
 * <p>{@link TypeSet#ANY} stands for what the analysis cannot see: parameters of methods that code
 * outside the inputs may call, fields of library classes or never stored, arrays' elements, merged
 * values. Dispatch then falls back to the hierarchy. The closed-world assumption and its other
 * limits are written down in analyzer/README.md.
 */
final class TypeFlow {
  /** Call sites with more rapid-type targets than this open their targets' parameters instead. */
  static final int MAX_FANOUT = 64;

  private final Program program;
  private final Dispatch dispatch;
  private final Outside outside;
  private final FlowGraph<Key> graph = new FlowGraph<>();
  private final Set<MethodRef> called = new HashSet<>();
  private final Set<MethodRef> open = new HashSet<>();
  private final Set<MethodRef> lambdaImpls = new HashSet<>();
  private final Map<MethodRef, TypeSet> thisTypes = new HashMap<>();
  private final Map<String, Set<String>> homes = new HashMap<>();

  /** A flow node: field ({@code F}), parameter ({@code P}), return ({@code R}), site ({@code S}), contents ({@code K}). */
  private record Key(char kind, Object at, int index) {}

  /** An allocation site: its class dispatches calls; the site itself names the lock it makes. */
  private record Site(String site, String type) {}

  /** A lambda as a type: its code and the interface method it implements. */
  private record LambdaType(MethodRef impl, String sam, String iface) {}

  /** Where a value's types come from: types known outright, and nodes. */
  private static final class Src {
    TypeSet lit = TypeSet.EMPTY;
    final List<Integer> nodes = new ArrayList<>();
  }

  TypeFlow(Program program, Dispatch dispatch) {
    this.program = program;
    this.dispatch = dispatch;
    this.outside = new Outside(program);
    program.lambdasByType().values().forEach(ls -> ls.forEach(l -> lambdaImpls.add(l.impl())));
    // First who calls whom, so that the flows below know which methods the outside may call.
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          List<MethodRef> targets = dispatch.all(inv.method(), inv.kind());
          called.addAll(targets);
          if (targets.size() > MAX_FANOUT) {
            open.addAll(targets);
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
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          site(mf.ref(), inv);
        } else if (n.op() instanceof Op.Return r && r.value() != null && isRef(r.value())) {
          flow(sources(r.value(), mf.ref()), node(new Key('R', mf.ref(), 0)));
          flowContents(contents(r.value(), mf.ref()), contentsOf(new Key('R', mf.ref(), 0)));
        }
      }
      for (FieldStore st : mf.stores()) {
        Key f = fieldKey(st.owner(), st.name());
        if (st.value() instanceof Val.New nw) {
          homes.computeIfAbsent(nw.site(), k -> new TreeSet<>()).add((String) f.at());
        }
        flow(sources(st.value(), mf.ref()), node(f));
        flowContents(contents(st.value(), mf.ref()), contentsOf(f));
      }
    }
    graph.seed(this::seed);
    graph.propagate();
  }

  /** The classes that may reach {@code v}, a value in method {@code in}'s terms. */
  TypeSet typesOf(Val v, MethodRef in) {
    return resolveSrc(sources(v, in));
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
    int n = graph.find(fieldKey(declarer, name));
    return n < 0 ? null : graph.set(n);
  }

  /** The allocation site of type id {@code id}, or null when it is not one. */
  String siteOf(int id) {
    return graph.type(id) instanceof Site site ? site.site() : null;
  }

  /** The fields an allocation at {@code site} is stored straight into. */
  Set<String> homesOf(String site) {
    return homes.getOrDefault(site, Set.of());
  }

  private TypeSet resolveSrc(Src s) {
    TypeSet out = s.lit;
    for (int n : s.nodes) {
      out = out.union(graph.set(n));
      if (out.isAny()) {
        return out;
      }
    }
    return out;
  }

  private void site(MethodRef in, Op.Invoke inv) {
    List<MethodRef> targets = dispatch.all(inv.method(), inv.kind());
    if (targets.size() <= MAX_FANOUT) {
      for (MethodRef t : targets) {
        if (lambdaImpls.contains(t)) {
          continue; // its parameters are open: captures first, then what the interface's caller passes
        }
        for (int i = 0; i < inv.args().size(); i++) {
          Val a = inv.args().get(i);
          if (isRef(a)) {
            Key p = new Key('P', t, i);
            flow(sources(a, in), node(p));
            Src inner = contents(a, in);
            flow(inner, contentsOf(p));
            if (!open.contains(t) && !lambdaImpls.contains(t)) {
              back(inner, contentsOf(p)); // what the callee adds to a container it was given
            }
          }
        }
      }
    }
    if (inv.args().size() > 1 && outside.code(inv.method())) {
      // A container is given these: they can come back out of it.
      Src into = contents(root(inv.args().get(0)), in);
      for (int i = 1; i < inv.args().size(); i++) {
        Val a = inv.args().get(i);
        if (!isRef(a)) {
          continue;
        }
        Src what = sources(a, in);
        // An element's own contents are not the container's, unless it is a container itself.
        Src inner = outside.isContainer(a.type()) ? contents(a, in) : new Src();
        if (a instanceof Val.Lambda l) {
          what.nodes.add(node(new Key('R', l.impl(), 0))); // computeIfAbsent(k, k -> new E())
        }
        for (int k : into.nodes) {
          flow(what, k);
          flowContents(inner, k);
        }
      }
    }
  }

  /** Where a value's own types come from. */
  private Src sources(Val v, MethodRef in) {
    Src s = new Src();
    if (v instanceof Val.New nw) {
      if (!nw.type().startsWith("[")) {
        s.lit = TypeSet.of(typeId(new Site(nw.site(), nw.type())));
      }
    } else if (v instanceof Val.Lambda l) {
      s.lit = TypeSet.of(typeId(new LambdaType(l.impl(), l.sam(), l.type())));
    } else if (v instanceof Val.Const || v instanceof Val.ClassLit) {
      // JDK objects: no application method runs on them.
    } else if (v instanceof Val.Param p) {
      if (p.index() == 0 && !program.isStaticMethod(in)) {
        s.lit = receiverTypes(in);
      } else {
        s.nodes.add(node(new Key('P', in, p.index())));
      }
    } else if (v instanceof Val.Field f) {
      s.nodes.add(node(fieldKey(f.owner(), f.name())));
    } else if (v instanceof Val.Static st) {
      s.nodes.add(node(fieldKey(st.owner(), st.name())));
    } else if (v instanceof Val.Call c) {
      call(c, in, s, false);
    } else {
      s.lit = TypeSet.ANY; // array elements, merged values, caught exceptions
    }
    return s;
  }

  /** Where the types a value contains (as a container) come from. */
  private Src contents(Val v, MethodRef in) {
    Src s = new Src();
    if (!mayContain(v.type())) {
      return s; // a String, a Thread, an application object: whatever it holds is not handed out
    }
    if (v instanceof Val.New nw) {
      if (nw.type().startsWith("[")) {
        s.lit = TypeSet.ANY;
      } else {
        s.nodes.add(contentsOf(new Key('S', nw.site(), 0)));
      }
    } else if (v instanceof Val.Lambda || v instanceof Val.Const || v instanceof Val.ClassLit) {
      // nothing inside
    } else if (v instanceof Val.Param p && (p.index() > 0 || program.isStaticMethod(in))) {
      s.nodes.add(contentsOf(new Key('P', in, p.index())));
    } else if (v instanceof Val.Field f && !f.type().startsWith("[")) {
      s.nodes.add(contentsOf(fieldKey(f.owner(), f.name())));
    } else if (v instanceof Val.Static st && !st.type().startsWith("[")) {
      s.nodes.add(contentsOf(fieldKey(st.owner(), st.name())));
    } else if (v instanceof Val.Call c) {
      call(c, in, s, true);
    } else {
      s.lit = TypeSet.ANY;
    }
    return s;
  }

  /**
   * A call's result: what its application targets return, and for JDK or library code, the
   * container it was called on and what that container holds ({@code map.get(k)}).
   */
  private void call(Val.Call c, MethodRef in, Src s, boolean inner) {
    String kind = program.isStaticMethod(c.method()) ? "static" : "virtual";
    List<MethodRef> targets = dispatch.all(c.method(), kind);
    if (targets.size() > MAX_FANOUT) {
      s.lit = TypeSet.ANY;
      return;
    }
    for (MethodRef t : targets) {
      Key r = new Key('R', t, 0);
      s.nodes.add(inner ? contentsOf(r) : node(r));
    }
    // A value does not say whether it came from super.m(): the named method may run too.
    MethodRef named = program.resolve(c.method().owner(), c.method().name(), c.method().desc());
    if (named != null && program.facts(named) != null && !targets.contains(named)) {
      Key r = new Key('R', named, 0);
      s.nodes.add(inner ? contentsOf(r) : node(r));
    }
    if (outside.code(c.method())) {
      if (c.args().isEmpty()) {
        s.lit = TypeSet.ANY;
        return;
      }
      Val root = root(c.args().get(0));
      Src k = contents(root, in);
      s.lit = s.lit.union(k.lit);
      s.nodes.addAll(k.nodes);
      if (!inner) {
        Src own = sources(root, in);
        s.lit = s.lit.union(own.lit);
        s.nodes.addAll(own.nodes);
      }
    }
  }

  /** The container a chain of JDK or library calls starts from: {@code f.values().iterator()} is {@code f}'s. */
  private Val root(Val v) {
    int guard = 0;
    while (v instanceof Val.Call c && !c.args().isEmpty() && outside.code(c.method()) && guard++ < 8) {
      v = c.args().get(0);
    }
    return v;
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
        out = out.union(TypeSet.of(typeId(c)));
      }
    }
    if (out.isEmpty()) {
      out = TypeSet.ANY; // made by reflection or by the library's users
    }
    thisTypes.put(m, out);
    return out;
  }

  private Key fieldKey(String owner, String name) {
    return new Key('F', program.fieldDeclarer(owner, name) + "." + name, 0);
  }

  /** What a node holds when nothing in the inputs flows into it. */
  private TypeSet seed(Key k) {
    Key base = k.kind() == 'K' ? (Key) k.at() : k;
    if (base.kind() == 'P') {
      return open.contains((MethodRef) base.at()) ? TypeSet.ANY : TypeSet.EMPTY;
    }
    if (base.kind() == 'F') {
      String decl = (String) base.at();
      int dot = decl.lastIndexOf('.');
      String cls = decl.substring(0, dot);
      ClassInfo ci = program.classInfo(cls);
      boolean stored = !program.storesOf(cls, decl.substring(dot + 1)).isEmpty();
      return ci == null || ci.library() || !stored ? TypeSet.ANY : TypeSet.EMPTY;
    }
    return TypeSet.EMPTY;
  }

  private int contentsOf(Key k) {
    return node(new Key('K', k, 0));
  }

  private int node(Key k) {
    return graph.node(k);
  }

  private int typeId(Object t) {
    return graph.typeId(t);
  }

  private void flow(Src from, int to) {
    if (!from.lit.isEmpty()) {
      graph.add(to, from.lit);
    }
    for (int n : from.nodes) {
      graph.edge(n, to);
    }
  }

  /**
   * Containers are shared, not copied: what one alias adds, every alias can take out. So contents
   * flow both ways along a value's flow ({@code getList().add(x)} fills the field's list).
   */
  private void flowContents(Src from, int to) {
    flow(from, to);
    back(from, to);
  }

  private void back(Src from, int to) {
    for (int n : from.nodes) {
      graph.edge(to, n);
    }
  }

  private boolean mayContain(String type) {
    return outside.isContainer(type) || type.equals("java/lang/Object") || type.startsWith("[");
  }

  private static boolean isRef(Val v) {
    String t = v.type();
    return t.length() > 1 || t.equals("java/lang/Object");
  }
}
