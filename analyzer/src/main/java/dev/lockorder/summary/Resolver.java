package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a value is, in the light of the summaries computed so far: getters followed to the path they
 * return, lock views to their lock, a call's targets and the callee's parameters in the caller's
 * terms.
 */
final class Resolver {
  private Delegates delegates;
  private final Program program;
  private final SelfAliases selfAliases;
  private final Map<MethodRef, Summary> summaries;

  /** The method whose values are being resolved: its parameters decide what a call reaches. */
  private MethodRef current;

  void enter(MethodRef m) {
    current = m;
    // A new map, not clear(): clearing an identity map costs its whole table, however empty.
    getterMemo = getterMemo.isEmpty() ? getterMemo : new java.util.IdentityHashMap<>();
    normalized = normalized.isEmpty() ? normalized : new java.util.HashMap<>();
  }

  /**
   * {@link #normalize} of whole paths in the method being analyzed: its callees' summaries are
   * fixed while it is, and every call site substitutes the same callee paths again.
   */
  private Map<Val, Val> normalized = new java.util.HashMap<>();

  /**
   * {@link #getterTargets} per call value of the method being analyzed: its fixpoint asks again
   * for the same values (by identity) on every pass over its nodes.
   */
  private Map<Val.Call, List<MethodRef>> getterMemo = new java.util.IdentityHashMap<>();

  /**
   * {@code this} at the one class that can run this method, when only one can: a method inherited
   * by a single allocated subclass locks that subclass's monitor (one object, one lock class).
   */
  Val exactThis(MethodRef m) {
    Val.Param self = new Val.Param(0, m.owner());
    if (current == null || !current.equals(m)) {
      return self;
    }
    String c = program.typeFlow().onlyClass(program.typeFlow().typesOf(self, m));
    return c != null && !c.equals(m.owner()) && program.isSubtype(c, m.owner()) ? new Val.Param(0, c) : self;
  }

  private final Set<MethodRef> lambdaImpls;

  Resolver(Program program, Map<MethodRef, Summary> summaries, Set<MethodRef> lambdaImpls) {
    this.program = program;
    this.summaries = summaries;
    CtorFields ctorFields = program.ctorFields();
    this.backPointers = new BackPointers(program, ctorFields);
    this.calls = new CallTargets(program, this, lambdaImpls);
    this.lambdaImpls = lambdaImpls;
    this.copies = new InheritedCopies(program, ctorFields);
    this.selfAliases = new SelfAliases(program);
  }

  private final CallTargets calls;
  private final InheritedCopies copies;

  /** What a call in the method being analyzed runs, and with which arguments. */
  CallTargets calls() {
    return calls;
  }

  private final BackPointers backPointers;

  /** Whether {@code x.child.back} is always {@code x} (both fields as {@code declarer.name}; {@link BackPointers}). */
  boolean pointsBack(String child, String back) {
    int c = child.lastIndexOf('.');
    int b = back.lastIndexOf('.');
    return backPointers.of(child.substring(0, c), child.substring(c + 1), back.substring(0, b),
        back.substring(b + 1)) == BackPointers.Target.HOLDER;
  }

  /** Whether {@code v} is {@code this.f} with {@code f} a field pointing back at its holder ({@link BackPointers}). */
  boolean isBackPointer(Val v) {
    return v instanceof Val.Field f && f.base() instanceof Val.Param p && p.index() == 0
        && backPointers.pointsToHolder(f.owner(), f.name());
  }

  /**
   * Follows getters, at the top of the path and in its bases: {@code get().l} is {@code h.l} when
   * {@code get()} returns {@code h}, so a lock taken through the field and released through the
   * getter is one lock.
   */
  Val normalize(Val v) {
    // Getters that return paths through other getters can lead back to themselves (a parent's
    // field through a child's getter and back): a bounded depth and number of steps keep the
    // walk finite and cheap (spark-core's closure overflowed the stack without them).
    if (depth == 0) {
      Val known = normalized.get(v);
      if (known != null) {
        return known;
      }
      steps = 0;
    }
    if (depth >= MAX_NORMALIZE_DEPTH || ++steps > MAX_NORMALIZE_STEPS) {
      return v;
    }
    depth++;
    Val r;
    try {
      r = normalizeOnce(v);
    } finally {
      depth--;
    }
    if (depth == 0) {
      normalized.put(v, r);
    }
    return r;
  }

  private static final int MAX_NORMALIZE_DEPTH = 12;
  private static final int MAX_NORMALIZE_STEPS = 256;
  private int depth;
  private int steps;

  private Val normalizeOnce(Val v) {
    if (v instanceof Val.Field f && Captures.is(f)) {
      Val b = normalize(f.base());
      if (b instanceof Val.Lambda l) {
        Val c = Captures.of(f, l);
        return c == null ? new Val.Unknown(f.type()) : normalize(c);
      }
      return b == f.base() ? v : new Val.Field(b, f.owner(), f.name(), f.type());
    }
    if (v instanceof Val.Field raw) {
      Val.Field f = copies.canonical(raw);
      if (selfAliases.holds(f.owner(), f.name())
          || current != null && f.base() instanceof Val.Param p && p.index() == 0
              && selfAliases.inConstructor(current, f.owner(), f.name())) {
        return normalize(f.base());
      }
      Val b = normalize(f.base());
      if (notItsField(b, f)) {
        // A field no object of the base's class has: the path was put together from a call
        // dispatched to another class's override, for objects this one is not.
        return new Val.Unknown("java/lang/Object");
      }
      if (b instanceof Val.New n && current != null && n.madeIn(current)) {
        // Made in this method: its constructor's argument is in this method's terms.
        Val filled = backPointers.madeWith(n.site(), f.owner(), f.name());
        if (filled != null && !Val.isNull(filled)) {
          return normalize(filled);
        }
      }
      if (b instanceof Val.Field g) {
        BackPointers.Target t = backPointers.of(g.owner(), g.name(), f.owner(), f.name());
        if (t == BackPointers.Target.HOLDER) {
          return g.base();
        } else if (t == BackPointers.Target.NULL) {
          return new Val.Unknown("java/lang/Object"); // null: a monitor on it is never taken
        }
        BackPointers.Sibling s = backPointers.sibling(g.owner(), g.name(), f.owner(), f.name());
        if (s != null) {
          return normalize(new Val.Field(g.base(), s.owner(), s.name(), f.type()));
        }
        Val carried = backPointers.carried(g, f.owner(), f.name());
        if (carried != null) {
          return normalize(carried);
        }
      }
      return b == f.base() && f == raw ? v : Val.truncate(new Val.Field(b, f.owner(), f.name(), f.type()), Val.MAX_DEPTH);
    }
    if (v instanceof Val.Elem e) {
      Val b = normalize(e.array());
      return b == e.array() ? v : Val.truncate(new Val.Elem(b, e.type()), Val.MAX_DEPTH);
    }
    if (v instanceof Val.Call raw) {
      Val.Call c = withReceiver(raw);
      Val r = followGetter(c, false, new ArrayList<>());
      return r == null ? c : r;
    }
    return v;
  }

  /**
   * The call made on the holder itself when its receiver is a binding's back-pointer of the holder's
   * field ({@code this.engine.owner.writeLock()} is {@code this.writeLock()}, {@link
   * BoundBackPointers}): the getter is then followed at the holder's classes, and a lock it returns
   * is named as the holder's own methods name it. The same call otherwise. A constructor's
   * back-pointer is not read so here: naming a getter's lock through it meets the lock named as the
   * object's own view elsewhere (offheap-store's {@code OffHeapStorageArea.owner}).
   */
  private Val.Call withReceiver(Val.Call c) {
    if (c.args().isEmpty() || !(c.args().get(0) instanceof Val.Field f) || !(f.base() instanceof Val.Field g)
        || FlowValues.isStatic(c) || !backPointers.bound(g.owner(), g.name(), f.owner(), f.name())) {
      return c;
    }
    List<Val> args = new ArrayList<>(c.args());
    args.set(0, normalize(g.base()));
    return new Val.Call(c.method(), args, c.type(), c.site());
  }

  /**
   * Whether no object of the base's type has field {@code f}: two application classes, neither a
   * subclass of the other (the verifier holds a value to its type; a class has one superclass
   * chain, so no object is of both).
   */
  private boolean notItsField(Val base, Val.Field f) {
    if (!(base instanceof Val.New || base instanceof Val.Param || base instanceof Val.Field)) {
      return false;
    }
    String t = base.type();
    String decl = program.fieldDeclarer(f.owner(), f.name());
    if (t == null || t.equals(decl) || !program.isApplication(t) || !program.isApplication(decl)
        || program.classInfo(t).isInterface() || program.classInfo(decl).isInterface()) {
      return false;
    }
    return !program.isSubtype(t, decl) && (base instanceof Val.New || !program.isSubtype(decl, t));
  }

  /**
   * A call to an application method that returns a fixed path is that path. With several targets
   * (an override, a bridge method), every target must return the same path; a target that leads
   * back into a call already being followed (a bridge calling its covariant override, which calls
   * {@code super}) says nothing and is left out. Null when nothing is known.
   */
  private Val followGetter(Val.Call c, boolean special, List<Object> chain) {
    Object key = special ? List.of(c.method()) : c.method();
    if (chain.size() >= 4 || chain.contains(key)) {
      return null;
    }
    List<MethodRef> ts = getterTargets(c, special);
    if (ts.isEmpty()) {
      ts = program.targets(new Op.Invoke(c.method(), "static", c.args()));
    }
    if (ts.isEmpty() || ts.size() > 4) {
      return c;
    }
    chain.add(key);
    Val same = null;
    for (MethodRef t : ts) {
      Summary s = summaries.get(t);
      if (s == null || s.ret == null || s.ret instanceof Val.Unknown) {
        same = c;
        break;
      }
      Val next = Subst.apply(s.ret, c.args());
      next = next instanceof Val.Call nc ? followGetter(nc, superCall(t, s.ret), chain) : normalize(next);
      if (next == null) {
        continue;
      }
      if (same != null && !same.equals(next)) {
        same = c;
        break;
      }
      same = next;
    }
    chain.remove(chain.size() - 1);
    return same;
  }

  /**
   * The methods a getter call runs: for a virtual call, only those of the classes that reach the
   * receiver when the flow knows them (an application iterator's next() says nothing of what a JDK
   * set's iterator returns).
   */
  private List<MethodRef> getterTargets(Val.Call c, boolean special) {
    if (special) {
      return getterTargetsOf(c, true);
    }
    List<MethodRef> ts = getterMemo.get(c);
    if (ts == null) {
      ts = getterTargetsOf(c, false);
      getterMemo.put(c, ts);
    }
    return ts;
  }

  private List<MethodRef> getterTargetsOf(Val.Call c, boolean special) {
    List<MethodRef> ts = program.targets(new Op.Invoke(c.method(), special ? "special" : "virtual", c.args()));
    if (!special && current != null && !c.args().isEmpty()) {
      TypeSet types = program.typeFlow().typesOf(c.args().get(0), current);
      if (!types.isAny() && !types.isEmpty()) {
        List<MethodRef> seen = program.resolveTypes(types, c.method());
        // Where the hierarchy lists nothing (too many implementations: a JDK Supplier), the lambdas
        // seen reaching the receiver are its code (lucene's writer pool's dwptFactory.get()).
        if (!ts.isEmpty() || !seen.isEmpty() && seen.stream().allMatch(lambdaImpls::contains)) {
          ts = seen;
        }
      }
    }
    return ts;
  }


  /**
   * The locks a getter with several answers returns ({@code lock()} overridden to return each
   * implementation's own lock): each target's returned path, normalized, when there are two to four
   * distinct ones and every target returns one. Empty otherwise (one answer is {@link #normalize}'s
   * job; an unknown answer leaves only the call's type).
   */
  List<Val> candidates(Val.Call c) {
    List<MethodRef> ts = getterTargets(c, false);
    if (ts.size() < 2 || ts.size() > 4) {
      return List.of();
    }
    java.util.Set<Val> out = new java.util.LinkedHashSet<>();
    for (MethodRef t : ts) {
      Summary s = summaries.get(t);
      if (s == null || s.ret == null || s.ret instanceof Val.Unknown || s.ret instanceof Val.Call) {
        return List.of();
      }
      out.add(normalize(Subst.apply(s.ret, c.args())));
    }
    return out.size() < 2 ? List.of() : List.copyOf(out);
  }

  /**
   * Whether a returned call is {@code super.m()}: a call on {@code this} to a method of a proper
   * superclass (javac names the current class as the owner of a virtual call on {@code this}).
   */
  private boolean superCall(MethodRef in, Val ret) {
    return ret instanceof Val.Call rc && !rc.args().isEmpty() && rc.args().get(0) instanceof Val.Param p
        && p.index() == 0 && !rc.method().owner().equals(in.owner())
        && program.isSubtype(in.owner(), rc.method().owner());
  }

  /** The lock a lock-API receiver stands for, and the mode of the view it was called on. */
  LockRef lockOf(Val receiver, LockClass.Kind kind) {
    Val v = normalize(receiver);
    if (v instanceof Val.Call c && !c.args().isEmpty()) {
      Models.Effect e = program.effect(c.method());
      if (e == Models.Effect.READ_VIEW || e == Models.Effect.WRITE_VIEW) {
        Val base = normalize(c.args().get(0));
        boolean stamped = c.method().owner().equals(Models.STAMPED);
        return new LockRef(stamped ? LockClass.Kind.STAMPED_LOCK : LockClass.Kind.READ_WRITE_LOCK, base);
      }
    }
    return new LockRef(kind, v);
  }

  Mode modeOf(Val receiver) {
    Val v = normalize(receiver);
    if (readView(v)) {
      return Mode.SHARED;
    }
    // A read view kept in a field (final Lock r = rw.readLock()) is a lock class of its own, but
    // still a read lock: held by two threads at once, it orders nothing between them.
    if (v instanceof Val.Field || v instanceof Val.Static) {
      List<Val> stored = program.valuesOf(v);
      if (!stored.isEmpty() && stored.stream().allMatch(this::readView)) {
        return Mode.SHARED;
      }
    }
    return Mode.EXCLUSIVE;
  }

  private boolean readView(Val v) {
    return v instanceof Val.Call c && program.effect(c.method()) == Models.Effect.READ_VIEW;
  }

  LockRef substRef(LockRef r, List<Val> actual) {
    return new LockRef(r.kind(), normalize(Subst.apply(r.val(), actual)),
        r.on() == null ? null : normalize(Subst.apply(r.on(), actual)));
  }

  /**
   * The acquisition in the caller's terms. A path cut at the depth limit keeps, as its anchor, the
   * object it goes down wrappers from ({@link Delegates#anchor}), so that a lock taken deep down a
   * chain of decorators is still known to be below the caller's objects.
   */
  Acq substAcq(Acq a, List<Val> actual) {
    LockRef ref = substRef(a.ref(), actual);
    Val anchor = null;
    if (a.anchor() != null) {
      anchor = delegates.lift(Subst.rewrite(a.anchor(), actual));
      anchor = anchor == null ? null : normalize(anchor);
    } else if (delegates != null) {
      Val whole = Subst.rewrite(a.ref().val(), actual);
      if (whole.depth() > Val.MAX_DEPTH) {
        anchor = delegates.anchor(a.ref().kind(), whole);
      }
    }
    return a.withRef(ref, anchor);
  }

  /** Fields that hold what an object wraps: for the anchors of cut paths. */
  void delegates(Delegates d) {
    this.delegates = d;
  }
}
