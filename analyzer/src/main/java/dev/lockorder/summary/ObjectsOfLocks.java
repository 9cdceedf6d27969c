package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import dev.lockorder.summary.FlowValues.Site;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;

/**
 * Which objects a lock may be, for telling apart objects of one lock class that the code keeps
 * apart. For a monitor named by its type, the monitor's objects (hsqldb's system session and its
 * users' sessions: one lock class, never one object); for a lock that every owner makes for itself
 * in its constructor, the owners (two accounts, two locks). The type flow reads {@code this} as
 * every object of its class, which is right for dispatch; here {@code this} of a method only the
 * inputs call is what its call sites' receivers are, on demand and only as far as a few callers
 * up. Where a receiver is unknown, its class stands for it (an object made anywhere), so knowing
 * less never drops an object.
 */
final class ObjectsOfLocks {
  private static final int DEPTH = 4;

  private final Program program;
  private final TypeFlow flow;
  private final CallGraph callGraph;
  private final Map<MethodRef, TypeSet> thisOf = new HashMap<>();
  private final Map<List<Object>, List<String>> objects = new HashMap<>();
  private final Set<MethodRef> onStack = new HashSet<>();
  private final Set<MethodRef> cut;

  ObjectsOfLocks(Program program, CallGraph callGraph, FieldMentions mentions) {
    this.program = program;
    this.flow = program.typeFlow();
    this.callGraph = callGraph;
    this.cut = program.cutCalls();
    this.confined = new Confined(program, mentions);
    this.superCalls = new SuperCalls(program);
  }

  /**
   * The objects {@code v} (in {@code in}'s terms) may be, as {@link dev.lockorder.graph.LockObjects}
   * entries, sorted; null when any object may be.
   */
  List<String> objectsOf(Val v, MethodRef in) {
    return objects.computeIfAbsent(List.of(v, in),
        k -> entries(isThis(v, in) ? thisOf(in, 0) : flow.typesOf(v, in), v.type()));
  }

  /**
   * As {@link #objectsOf(Val, MethodRef)}, for a lock held in {@code in} where an edge's
   * acquisition {@code a} follows: a call site whose caller already holds {@code a}'s lock is a
   * path on which the edge does not happen ({@link ReenteringSites}), so {@code this} is what the
   * other sites pass, and for a method the library's users may call, the objects that reach them.
   */
  List<String> objectsOf(Val v, MethodRef in, ReenteringSites.Acquired a) {
    if (a == null || reentering == null || !isThis(v, in)) {
      return objectsOf(v, in);
    }
    TypeSet self = excepts.computeIfAbsent(List.of(in, a), k -> java.util.Optional.ofNullable(thisExcept(in, a, 0)))
        .orElse(null);
    return self == null ? objectsOf(v, in) : entries(self, v.type());
  }

  /** {@link #ownersOf(Val.Field, MethodRef)} past the sites that re-enter {@code a}. */
  List<String> ownersOf(Val.Field f, MethodRef in, ReenteringSites.Acquired a) {
    List<String> objects = objectsOf(f.base(), in, a);
    return objects == null ? null : kept(objects, program.fieldDeclarer(f.owner(), f.name()));
  }

  private ReenteringSites reentering;
  private final Map<List<Object>, java.util.Optional<TypeSet>> excepts = new HashMap<>();

  void reentering(ReenteringSites r) {
    reentering = r;
  }

  /**
   * {@code this} of {@code m} from the call sites that do not hold {@code a}'s lock, and from the
   * outside where {@code m} is its API; null when no site holds it (nothing to leave out), or when
   * no path is left to tell by.
   */
  private TypeSet thisExcept(MethodRef m, ReenteringSites.Acquired a, int depth) {
    List<CallGraph.Site> sites = callGraph.sites(m);
    if (sites.isEmpty() || depth >= DEPTH || reachedByCutCall(m) || program.isStaticMethod(m)) {
      return null;
    }
    TypeSet out = TypeSet.EMPTY;
    boolean left = false;
    for (CallGraph.Site s : sites) {
      if (reentering.reenters(s, a)) {
        left = true;
        continue;
      }
      MethodFacts mf = program.facts(s.caller());
      Op op = mf == null ? null : mf.nodes().get(s.node()).op();
      if (!(op instanceof Op.Invoke inv) || inv.args().isEmpty() || inv.kind().equals("static")) {
        return null;
      }
      // A receiver that is the caller's own this: what that is where the caller's callers do not hold it either.
      TypeSet upper = isThis(inv.args().get(0), s.caller())
          ? thisExcept(s.caller(), a.at(s), depth + 1) : null;
      left |= upper != null; // left out further up
      out = out.union(upper != null ? upper : receiver(inv, s.caller(), m, 0));
      if (out.isAny()) {
        return null;
      }
    }
    if (!left) {
      return null;
    }
    TypeSet all = runners(m, flow.typesOf(new Val.Param(0, m.owner()), m));
    if (api(m) || flow.isOpen(m)) {
      out = out.union(reaching(all, null)); // the objects that reach code outside the inputs
    }
    return out.isEmpty() ? null : out;
  }

  /**
   * The field of a lock that every owner makes for itself in its constructor ({@code final Lock
   * lock = new ReentrantLock()}): two owners, two locks, so the owners' objects stand for the
   * lock's. Null for other locks.
   */
  Val.Field lockField(Val v) {
    Val lock = v;
    while (lock instanceof Val.Call c && !c.args().isEmpty() && LockNamer.isView(c.method().name())) {
      lock = c.args().get(0); // rw.readLock(): the lock rw
    }
    return lock instanceof Val.Field f && ownLock(f) ? f : null;
  }

  /** The objects that may own the lock in field {@code f}: of its base, and of a class that has the field. */
  List<String> ownersOf(Val.Field f, MethodRef in) {
    List<String> objects = objectsOf(f.base(), in);
    return objects == null ? null : kept(objects, program.fieldDeclarer(f.owner(), f.name()));
  }

  /** Keyed by the field's two names, not a string joined per lock asked about (every edge asks). */
  private final Map<Sig, Boolean> ownLocks = new HashMap<>();

  private boolean ownLock(Val.Field f) {
    String decl = program.fieldDeclarer(f.owner(), f.name());
    return ownLocks.computeIfAbsent(new Sig(decl, f.name()), k -> Nesting.madeByItsOwner(decl, f.name(), program));
  }

  private boolean isThis(Val v, MethodRef in) {
    return v instanceof Val.Param p && p.index() == 0 && !program.isStaticMethod(in);
  }

  /**
   * The entries of {@code s}, keeping only objects of the value's declared type: the flow's
   * containers answer a JDK call with the container itself too ({@code map.get(k)} is the map or
   * what it holds), which the bytecode's type rules out. Null when nothing is left: the flow lost
   * the objects that are really there.
   */
  private List<String> entries(TypeSet s, String declared) {
    if (s.isAny() || s.isEmpty()) {
      return null;
    }
    boolean any = declared.equals("java/lang/Object") || declared.startsWith("[") || declared.length() < 2
        || declared.equals(Val.NULL_TYPE);
    List<String> out = new ArrayList<>();
    for (int id : s.ids()) {
      Object t = flow.type(id);
      String c = t instanceof Site site ? site.type() : t instanceof String name ? name : null;
      if (c == null) {
        return null; // a lambda: no lock class is named by its type
      }
      if (any || flow.mayBeBoth(c, declared)) {
        out.add(t instanceof Site site ? c + "@" + site.site() : c + "@");
      }
    }
    if (out.isEmpty()) {
      return null;
    }
    Collections.sort(out);
    return List.copyOf(out);
  }

  /** The entries of objects that can be of type {@code declared}; null when none can. */
  private List<String> kept(List<String> objects, String declared) {
    List<String> out = new ArrayList<>();
    for (String o : objects) {
      if (flow.mayBeBoth(o.substring(0, o.indexOf('@')), declared)) {
        out.add(o);
      }
    }
    return out.isEmpty() ? null : List.copyOf(out);
  }

  /** What {@code this} may be in {@code m}: its call sites' receivers, or its class's objects. */
  private TypeSet thisOf(MethodRef m, int depth) {
    TypeSet known = thisOf.get(m);
    if (known != null) {
      return known;
    }
    TypeSet all = runners(m, flow.typesOf(new Val.Param(0, m.owner()), m)); // every object that runs it
    if (flow.isOpen(m) && api(m) && !reachedByCutCall(m)) {
      return reaching(all, m); // only the library's users call it
    }
    if (depth >= DEPTH || flow.isOpen(m) || reachedByCutCall(m) || !onStack.add(m)) {
      return all;
    }
    TypeSet out = TypeSet.EMPTY;
    try {
      for (MethodRef caller : callGraph.callers(m)) {
        MethodFacts mf = program.facts(caller);
        for (Node n : mf == null ? List.<Node>of() : mf.nodes()) {
          if (n.op() instanceof Op.Invoke inv && !inv.args().isEmpty() && !inv.kind().equals("static")
              && program.targets(inv, caller).contains(m)) {
            out = out.union(receiver(inv, caller, m, depth));
            if (out.isAny()) {
              return all;
            }
          }
        }
      }
    } finally {
      onStack.remove(m);
    }
    out = out.isEmpty() ? all : out;
    if (depth == 0) {
      thisOf.put(m, out);
    }
    return out;
  }

  /**
   * Whether {@code m} is a public or protected method of a public class: called by no code of the
   * inputs, it is called by the library's users, from other packages, on objects they hold. A method
   * of narrower access stays one that unseen code of its own package may call on anything.
   */
  private boolean api(MethodRef m) {
    ClassInfo ci = program.classInfo(m.owner());
    ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(m.signature());
    return mi != null && (ci.access() & ACC_PUBLIC) != 0 && (mi.access() & (ACC_PUBLIC | ACC_PROTECTED)) != 0;
  }

  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_PROTECTED = 0x0004;

  /** Objects made by code outside the inputs, by reflection or by a subclass outside: {@code C@outside}. */
  private static final String OUTSIDE = "outside";

  /**
   * Of {@code all}, every object of the classes that run {@code m}, the objects that may be its
   * {@code this}: an object of a site that never reaches code outside the inputs ({@link Confined})
   * runs only the methods the program calls on it, so a method only the outside calls never runs on
   * it (hsqldb's result set keeps a private updater statement; a user's statement is another object).
   * A class keeps its whole-class entry unless one of its sites is left out; otherwise its other
   * sites are listed and {@code C@outside} stands for objects made where the inputs do not show.
   */
  private TypeSet reaching(TypeSet all, MethodRef m) {
    if (all.isAny() || all.isEmpty()) {
      return all;
    }
    TypeSet out = TypeSet.EMPTY;
    for (int id : all.ids()) {
      if (m == null && flow.type(id) instanceof Site site && confined.selfMethodsIfConfined(site.site()) != null) {
        continue; // one site's objects, which never reach the outside
      }
      List<String> kept = flow.type(id) instanceof String c ? keptSites(c, m) : null;
      if (kept == null) {
        out = out.union(TypeSet.of(id));
        continue;
      }
      String c = (String) flow.type(id);
      for (String s : kept) {
        out = out.union(TypeSet.of(flow.siteId(s, c)));
      }
      out = out.union(TypeSet.of(flow.siteId(OUTSIDE, c)));
    }
    return out;
  }

  /** The sites of {@code c} that may run {@code m} (any that reach the outside, for null); null when that is all of them. */
  private List<String> keptSites(String c, MethodRef m) {
    List<String> kept = new ArrayList<>();
    for (String s : confined.sitesOf(c)) {
      Set<MethodRef> self = confined.selfMethodsIfConfined(s);
      if (self == null || m != null && self.contains(m)) {
        kept.add(s);
      }
    }
    return kept.size() == confined.sitesOf(c).size() ? null : kept;
  }

  private final Confined confined;

  /**
   * The objects of {@code all} whose class runs {@code m}: a subclass that overrides it runs its
   * own method instead, and this one only through {@code super} (h2's pooled connection, whose
   * {@code close} never runs the base one, so the base's locks are never held on a pooled
   * connection). All of them when none would be left: the flow lost the object.
   */
  private TypeSet runners(MethodRef m, TypeSet all) {
    if (all.isAny() || all.isEmpty() || m.name().startsWith("<") || program.isStaticMethod(m)) {
      return all;
    }
    var runs = flow.runs(m, m);
    TypeSet out = TypeSet.EMPTY;
    for (int id : all.ids()) {
      String c = flow.classOf(id);
      if (c == null || runs.test(id) || callsSuper(c, m)) {
        out = out.union(TypeSet.of(id));
      }
    }
    return out.isEmpty() ? all : out;
  }

  /** Whether {@code m} may run on a {@code c} through a {@code super} call ({@link SuperCalls}). */
  boolean callsSuper(String c, MethodRef m) {
    return superCalls.callsSuper(c, m);
  }

  private final SuperCalls superCalls;

  /** Whether a call site cut for its many targets may run {@code m}: its receivers are not all seen. */
  private boolean reachedByCutCall(MethodRef m) {
    if (indexed.size() != cut.size()) { // the set grows (never shrinks) while summaries run
      // Only the new ones are indexed: rebuilding the index per growth, a signature string per
      // cut method each time, cost a closure with thousands of them close to 1%.
      for (MethodRef c : cut) {
        if (indexed.add(c)) {
          cutBySignature.computeIfAbsent(new Sig(c.name(), c.desc()), k -> new java.util.ArrayList<>()).add(c.owner());
        }
      }
      reached.clear();
    }
    return reached.computeIfAbsent(m, x -> cutBySignature.getOrDefault(new Sig(x.name(), x.desc()), List.of()).stream()
        .anyMatch(owner -> program.isSubtype(x.owner(), owner)));
  }

  private final Map<MethodRef, Boolean> reached = new HashMap<>();

  /** Two names: a method's name and descriptor, or a field's declarer and name. */
  private record Sig(String name, String desc) {}

  private final Map<Sig, List<String>> cutBySignature = new HashMap<>();
  private final Set<MethodRef> indexed = new HashSet<>();

  /** The receiver's objects at one call site that run {@code m}; its class's objects if unknown. */
  private TypeSet receiver(Op.Invoke inv, MethodRef caller, MethodRef m, int depth) {
    Val r = inv.args().get(0);
    TypeSet s = isThis(r, caller) ? thisOf(caller, depth + 1) : flow.typesOf(r, caller);
    if (s.isAny()) {
      return flow.typesOf(new Val.Param(0, m.owner()), m);
    }
    if (inv.kind().equals("special")) {
      return s; // a constructor, super.m() or a private method: no dispatch to narrow by
    }
    var runs = flow.runs(m, inv.method());
    TypeSet out = TypeSet.EMPTY;
    for (int id : s.ids()) {
      if (runs.test(id)) {
        out = out.union(TypeSet.of(id));
      }
    }
    return out;
  }
}
