package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.Set;

/**
 * Names lock classes, as lockdep names them by where a lock is initialized.
 *
 * <p>A lock held in a field is named by that field ({@code Owner.field}). When every object of the
 * owner's class is allocated into one field of another class, the name is qualified by that field
 * too, recursively: a field {@code lock} of an {@code Identity} that only ever lives in {@code
 * Device.identity} is {@code Device.identity.lock}, however the code reaches it. When the owner's objects live in several fields, the path the code took decides
 * (three queues in three fields are three lock classes); if that path starts at a parameter, the
 * name waits for the caller. Values of unknown origin fall back to their declared type.
 */
final class LockNamer {
  private final Program program;

  /** For lock classes named by a field: the field, as {@code declarer.name}. */
  private final java.util.Map<String, String> fieldOfKey = new java.util.TreeMap<>();

  private final FactoryNames factories;

  LockNamer(Program program) {
    this.program = program;
    this.factories = new FactoryNames(program);
  }

  Program program() {
    return program;
  }

  java.util.Map<String, String> fieldOfKey() {
    return fieldOfKey;
  }

  /** Thrown internally when a name depends on the caller's arguments. */
  private static final class NeedsContext extends RuntimeException {
    NeedsContext() {
      super(null, null, false, false);
    }
  }

  private static final NeedsContext NEEDS_CONTEXT = new NeedsContext();

  /** The lock class, or null when it depends on a parameter (unless {@code root}). */
  LockClass name(LockRef ref, boolean root) {
    Val v = root ? Subst.forget(ref.val()) : ref.val();
    if (v instanceof Val.Param && !(ref.kind() == LockClass.Kind.MONITOR && isDomainType(v.type()))) {
      return null; // the common case of keyAndName's throw, without the throw (a deoptimization each)
    }
    try {
      String[] kn = keyAndName(v, ref.kind());
      String label = kn[2];
      if (label.isEmpty() && ref.kind() == LockClass.Kind.COMPLETION) {
        label = executorName(v);
      }
      String key = prefix(ref.kind()) + kn[0];
      Val last = v instanceof Val.Call c && !c.args().isEmpty() ? c.args().get(0) : v;
      if (last instanceof Val.Field f) {
        fieldOfKey.putIfAbsent(key, program.fieldDeclarer(f.owner(), f.name()) + "." + f.name());
      } else if (last instanceof Val.Static st) {
        fieldOfKey.putIfAbsent(key, program.fieldDeclarer(st.owner(), st.name()) + "." + st.name());
      }
      if (ref.on() != null) {
        LockClass on = name(new LockRef(LockClass.Kind.COMPLETION, ref.on()), root);
        return on == null ? null : new LockClass(key + " on " + on.key(), kn[1] + " on " + on.name(), ref.kind(), label);
      }
      return new LockClass(key, kn[1], ref.kind(), label);
    } catch (NeedsContext e) {
      return null;
    }
  }

  /** How a lock whose getter has several answers expands into them ({@link Resolver#candidates}). */
  private java.util.function.Function<Val.Call, List<Val>> candidates = c -> List.of();

  void candidates(java.util.function.Function<Val.Call, List<Val>> f) {
    candidates = f;
  }

  /**
   * The lock classes a lock may be: one, or, for a lock a getter with several answers returns
   * (each implementation's own lock), each answer that has a name of its own. Null when a name
   * depends on a parameter (unless {@code root}). Monitors stay their class's lock class.
   */
  List<LockClass> names(LockRef ref, boolean root) {
    LockClass one = name(ref, root);
    if (one == null || ref.kind() == LockClass.Kind.MONITOR || ref.kind() == LockClass.Kind.COMPLETION
        || ref.kind() == LockClass.Kind.WORK || !(ref.val() instanceof Val.Call c) || !one.key().contains("type ")) {
      return one == null ? null : List.of(one);
    }
    List<LockClass> out = new ArrayList<>();
    for (Val v : candidates.apply(c)) {
      LockClass n = name(new LockRef(ref.kind(), v), root);
      if (n == null) {
        return null;
      }
      if (n.key().contains("type ")) {
        return List.of(one); // an answer known only by its type: the call's type says as much
      }
      if (!out.contains(n)) {
        out.add(n);
      }
    }
    return out.isEmpty() ? List.of(one) : out;
  }

  /**
   * A lock class that only says "some Object": every unknown monitor would be this one node, and
   * cycles through it are noise. Edges to and from it are dropped (see analyzer/README.md). So are
   * a map's bins when the map is known only by its type: every such map would be one bin lock.
   */
  static boolean meaningless(LockClass c) {
    return c.key().endsWith("type java/lang/Object")
        || c.kind() == LockClass.Kind.BIN && c.key().startsWith("bin:type ");
  }

  private static String prefix(LockClass.Kind k) {
    return switch (k) {
      case COMPLETION -> "completion:";
      case WORK -> "work:";
      case INIT -> "init:";
      case BIN -> "bin:";
      default -> "lock:";
    };
  }

  /** A lock's view of itself ({@code rw.readLock()}, {@code sl.asWriteLock()}): the same lock class. */
  static boolean isView(String name) {
    return name.equals("readLock") || name.equals("writeLock") || name.startsWith("as");
  }

  static String simple(String internalName) {
    String s = internalName;
    if (s.startsWith("[")) {
      return s;
    }
    return s.substring(s.lastIndexOf('/') + 1);
  }

  /** key, display name, label. */
  private String[] keyAndName(Val v, LockClass.Kind kind) {
    if (kind == LockClass.Kind.MONITOR && isDomainType(v.type()) && !(v instanceof Val.ClassLit)
        && !(v instanceof Val.New n && !program.storedInField(n))) {
      // An object made here is named by its site below, unless the site's objects are stored into
      // a field: read back from there they are named by their type, so they are named so here too,
      // or the two names would split one lock's cycle in two (flow/StoredThenLocked; MadeObjects
      // says why objects passed to calls are not counted).
      // The monitor of an application object (this, a peer, a parent) is the lock of every object
      // of that class: however the code reaches it (this.x, other.parent.x, a parameter), it is
      // one lock class, as lockdep names a lock by where it is initialized.
      String[] made = factories.madeBy(v, recv -> keyAndName(recv, LockClass.Kind.LOCK));
      if (made != null) {
        return made;
      }
      String only = onlyMade(v.type());
      if (only != null) {
        return new String[] {"type " + only, simple(only), ""};
      }
      return new String[] {"type " + v.type(), simple(v.type()), abstractLabel(v.type())};
    }
    if (v instanceof Val.Static s) {
      String decl = program.fieldDeclarer(s.owner(), s.name());
      return new String[] {decl + "." + s.name(), simple(decl) + "." + s.name(), ""};
    }
    if (v instanceof Val.Field f && Captures.is(f) && !(Val.root(f) instanceof Val.Unknown)) {
      throw NEEDS_CONTEXT; // what a lambda given as a parameter captured: its caller knows
    }
    if (v instanceof Val.Field f && (f.name().startsWith("this$") || Captures.is(f))) {
      // The outer instance of an inner class: the same object as the outer class's own this; a
      // lambda's captured value that no caller put in place: an object of the value's type.
      return keyAndName(new Val.Unknown(f.type()), kind);
    }
    if (v instanceof Val.Field f) {
      String decl = program.fieldDeclarer(f.owner(), f.name());
      String home = FieldHomes.homeOf(program, decl, f.name());
      String homeType = home == null || kind != LockClass.Kind.MONITOR ? null : FieldHomes.declaredType(program, home);
      if (homeType != null && isDomainType(homeType)) {
        // A mutex handed over from a field of an application class is that object's monitor,
        // named as the field's own readers and the class's synchronized methods name it.
        return keyAndName(new Val.Unknown(homeType), kind);
      }
      if (home != null) {
        String[] h = canonical(home, new HashSet<>());
        return new String[] {h[0], h[1], ""};
      }
      Set<String> emb = program.embeddingsOf(decl);
      String[] prefix;
      if (emb.size() == 1) {
        prefix = canonical(emb.iterator().next(), new HashSet<>());
      } else if (emb.contains(Embeddings.ELSEWHERE)) {
        // Some of the owner's objects live nowhere a path can name: one lock class for them all,
        // so that the same object reached by two paths is not split in two.
        prefix = new String[] {decl, simple(decl)};
      } else if (emb.size() > 1 && (f.base() instanceof Val.Field || f.base() instanceof Val.Static
          || f.base() instanceof Val.Elem)) {
        prefix = keyAndName(f.base(), kind);
      } else if (emb.size() > 1 && f.base() instanceof Val.Param) {
        throw NEEDS_CONTEXT;
      } else {
        prefix = new String[] {decl, simple(decl)};
      }
      return new String[] {prefix[0] + "." + f.name(), prefix[1] + "." + f.name(), ""};
    }
    if (v instanceof Val.Elem e) {
      String[] base = keyAndName(e.array(), kind);
      return new String[] {base[0] + "[]", base[1] + "[]", base[2]};
    }
    if (v instanceof Val.ClassLit c) {
      String suffix = kind == LockClass.Kind.INIT ? "" : ".class"; // a class's initialization, not its Class object
      return new String[] {c.className() + suffix, simple(c.className()) + suffix, ""};
    }
    if (v instanceof Val.Param) {
      throw NEEDS_CONTEXT;
    }
    if (v instanceof Val.Lambda l) {
      String m = l.impl().name();
      return new String[] {l.impl().owner() + "." + m + l.impl().desc(), simple(l.impl().owner()) + "." + m, ""};
    }
    if (v instanceof Val.New n) {
      // An object used where it is made: its allocation site is its lock class (lockdep's init site).
      String in = n.site().substring(0, n.site().indexOf('('));
      String method = in.substring(in.lastIndexOf('.') + 1);
      String owner = simple(in.substring(0, in.lastIndexOf('.')));
      return new String[] {"new " + n.site(), simple(n.type()) + "@" + owner + "." + method, ""};
    }
    Val.Field coll = kind == LockClass.Kind.COMPLETION && Models.EXECUTORS.contains(v.type())
        ? OwnedElements.collectionOf(v) : null;
    if (coll != null) {
      // An executor kept in a collection field (a pool of single-thread workers): named by that
      // field, as an array element is, so that two holders' pools are two lock classes. Only
      // executors: an element waited on as a monitor may be reached elsewhere by its type.
      String[] base = keyAndName(coll, kind);
      return new String[] {base[0] + "[]", base[1] + "[]", ""};
    }
    String literal = ClassLiterals.ofGetClass(program, v);
    if (literal != null) {
      return new String[] {literal + ".class", simple(literal) + ".class", ""};
    }
    if (v instanceof Val.Call c) {
      if (isView(c.method().name())) {
        if (!c.args().isEmpty()) {
          return keyAndName(c.args().get(0), kind);
        }
      }
    }
    if (program.keptWhereMade(v)) {
      // A factory's new object that never leaves the method making it (a local pool): no other
      // code can reach it, so its call site is its lock class, as an allocation site is.
      String site = ((Val.Call) v).site();
      String in = site.substring(0, site.indexOf('('));
      String method = in.substring(in.lastIndexOf('.') + 1);
      String owner = simple(in.substring(0, in.lastIndexOf('.')));
      return new String[] {"made " + site, simple(v.type()) + "@" + owner + "." + method, ""};
    }
    String t = v.type();
    return new String[] {"type " + t, simple(t), "unknown identity: named by its type"};
  }

  /**
   * The constant name an executor's threads get, when its allocation shows one: a string given to
   * its constructor or factory, or captured by the thread factory passed there. {@code %s} stands
   * for the parts computed at run time.
   */
  private String executorName(Val executor) {
    List<Val> sources = program.valuesOf(executor);
    Set<String> names = new TreeSet<>();
    for (Val src : sources) {
      List<Val> args = new ArrayList<>();
      if (src instanceof Val.New nw) {
        program.sites().ctorCalls(nw.site()).forEach(c -> args.addAll(c.args()));
      } else if (src instanceof Val.Call c) {
        args.addAll(c.args());
      }
      for (Val a : args) {
        String n = constantString(a);
        if (n != null) {
          names.add(n);
        }
      }
    }
    return names.size() == 1 ? names.iterator().next() : "";
  }

  private String constantString(Val v) {
    if (v instanceof Val.Const c && c.value() instanceof String s) {
      return s;
    }
    if (v instanceof Val.Lambda l) {
      for (Val cap : l.captures()) {
        String s = constantString(cap);
        if (s != null) {
          return s;
        }
      }
      // A thread factory lambda that names its threads: r -> new Thread(r, "name").
      var facts = program.facts(l.impl());
      if (facts != null) {
        for (var node : facts.nodes()) {
          if (node.op() instanceof dev.lockorder.ir.Op.Invoke inv && inv.method().name().equals("<init>")
              && inv.method().owner().equals("java/lang/Thread")) {
            for (Val a : inv.args()) {
              if (a instanceof Val.Const c && c.value() instanceof String s) {
                return s;
              }
            }
          }
        }
      }
    }
    return null;
  }

  /**
   * The monitor of "every object of an interface or abstract class" spans classes the code may
   * keep apart: the name is a guess, and the finding says so.
   */
  /**
   * An interface names objects of classes that need have nothing else in common (decorators of one
   * pool interface wrapping each other): its monitor is not one lock class to argue with. An
   * abstract class names the objects of one hierarchy, as a concrete class names its own (sshj's
   * synchronized {@code AbstractChannel} methods lock the channel itself): no label.
   */
  private String abstractLabel(String type) {
    var ci = program.classInfo(type);
    return ci != null && ci.isInterface() ? "unknown identity: named by its interface" : "";
  }

  /**
   * The one class of which the program makes objects of {@code type}, when {@code type} itself is
   * abstract or never made and exactly one concrete subclass is: every object of the type is one
   * of that class, so its monitor is that class's lock class (a coordinator's inner classes lock
   * their outer instance as the abstract base, the subclass's own methods as the subclass).
   */
  private String onlyMade(String type) {
    var ci = program.classInfo(type);
    if (ci == null || ci.isInterface() || program.isInstantiated(type) && !ci.isAbstract()) {
      return null;
    }
    String only = null;
    for (String c : program.concreteSubtypes(type)) {
      if (program.isInstantiated(c)) {
        if (only != null) {
          return null;
        }
        only = c;
      }
    }
    return only;
  }

  /** A class of the analyzed program (not the JDK, not a library): its objects' monitors are one class. */
  private boolean isDomainType(String type) {
    return program.isApplication(type);
  }

  /** The name of field {@code declarer.name}, qualified by unique embeddings. */
  private String[] canonical(String field, Set<String> seen) {
    int dot = field.lastIndexOf('.');
    String decl = field.substring(0, dot);
    String name = field.substring(dot + 1);
    Set<String> emb = program.embeddingsOf(decl);
    if (emb.size() == 1 && seen.add(field) && seen.size() < 8) {
      String[] p = canonical(emb.iterator().next(), seen);
      return new String[] {p[0] + "." + name, p[1] + "." + name};
    }
    return new String[] {decl + "." + name, simple(decl) + "." + name};
  }
}
