package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the program says about one lock-like object, from where it was made: which lock a condition
 * belongs to, whether a semaphore is a mutex, whether an executor runs one task at a time.
 */
final class LockFacts {
  private final Program program;
  private final Resolver resolver;
  private final LockNamer namer;
  private final Set<MethodRef> lambdaImpls;
  private Set<String> handedOff;
  private CountGates counts;
  private BitGates bits;

  LockFacts(Program program, Resolver resolver, LockNamer namer, Set<MethodRef> lambdaImpls) {
    this.program = program;
    this.resolver = resolver;
    this.namer = namer;
    this.lambdaImpls = lambdaImpls;
  }

  /** The counters that gate waits, for the signals owed. */
  CountGates counts() {
    if (counts == null) {
      counts = new CountGates(program, resolver);
    }
    return counts;
  }

  /** The bits of a waited object's own field that gate waits on it, for the signals owed. */
  BitGates bits() {
    if (bits == null) {
      bits = new BitGates(program, resolver);
    }
    return bits;
  }

  /**
   * The lock that a wait lets go of: the monitor itself for {@code Object.wait}, the lock a {@code
   * Condition} was made from for {@code await}, found where the condition was stored. The lock may
   * have arrived as a constructor parameter (then it is the field the same constructor stored it
   * in) or through a wrapper's {@code newCondition()} (followed to the lock the wrapper asks).
   */
  Val ownLock(Val target, MethodRef m) {
    if (!m.owner().equals(Models.CONDITION) && !program.supertypes(m.owner()).contains(Models.CONDITION)) {
      return m.name().startsWith("wait") || m.name().startsWith("notify") ? target : null;
    }
    return conditionOwner(target);
  }

  /** The lock a {@code Condition} value was made from, or null when that is not known. */
  Val conditionOwner(Val target) {
    Val direct = conditionLock(target);
    if (direct != null) {
      return resolver.normalize(direct);
    }
    if (target instanceof Val.Field f) {
      for (FieldStore st : program.storesOf(program.fieldDeclarer(f.owner(), f.name()), f.name())) {
        MethodFacts sm = program.facts(st.method());
        boolean thisStore = sm != null && !sm.isStatic() && new Val.Param(0, st.method().owner()).equals(st.base());
        Val lock = conditionLock(resolver.normalize(st.value()));
        if (lock == null) {
          continue;
        }
        if (lock instanceof Val.Param p && p.index() > 0 && sm != null) {
          lock = fieldHolding(sm, p, resolver);
        }
        if (lock != null) {
          return resolver.normalize(Subst.apply(lock, thisStore ? List.of(f.base()) : List.of()));
        }
      }
    }
    return null;
  }

  private static Val conditionLock(Val v) {
    return v instanceof Val.Call c && c.method().name().equals("newCondition") && !c.args().isEmpty()
        ? c.args().get(0) : null;
  }

  /**
   * The field of {@code this} that method {@code sm} stores parameter {@code p} in, as a path; a
   * check that returns its argument ({@code this.lock = Args.notNull(lock, "lock")}) stores it too.
   */
  private static Val fieldHolding(MethodFacts sm, Val.Param p, Resolver resolver) {
    for (FieldStore st : sm.stores()) {
      Val v = st.value() instanceof Val.Call ? resolver.normalize(st.value()) : st.value();
      if (v.equals(p) && st.base() instanceof Val.Param b && b.index() == 0) {
        return new Val.Field(st.base(), st.owner(), st.name(), p.type());
      }
    }
    return null;
  }

  /**
   * Whether two values name the same lock class. Paths to one lock differ between waiter and
   * signaller ({@code this.q} and {@code other.q}); their lock class does not.
   */
  boolean sameLockClass(Val a, Val b) {
    if (a.equals(b)) {
      return true;
    }
    LockClass x = namer.name(new LockRef(LockClass.Kind.MONITOR, a), true);
    LockClass y = namer.name(new LockRef(LockClass.Kind.MONITOR, b), true);
    return x != null && y != null && x.key().equals(y.key()) && !LockNamer.meaningless(x);
  }

  /** A semaphore made with one permit is a mutex (and not reentrant). */
  boolean singlePermit(Val sem) {
    List<Val> sources = program.valuesOf(sem);
    if (sources.isEmpty()) {
      return false;
    }
    for (Val v : sources) {
      if (!(v instanceof Val.New nw)) {
        return false;
      }
      boolean one = false;
      for (Op.Invoke ctor : program.sites().ctorCalls(nw.site())) {
        if (ctor.args().size() >= 2 && ctor.args().get(1) instanceof Val.Const k && Integer.valueOf(1).equals(k.value())) {
          one = true;
        }
      }
      if (!one) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether task code (a lambda, a {@code run} or {@code call}) releases the semaphore: then a
   * permit may be handed from the acquiring thread to a worker, and an acquire that its own method
   * never releases is not held by the acquiring thread afterwards.
   */
  boolean handedOff(Val sem) {
    String key = fieldKey(sem);
    if (key == null) {
      return false;
    }
    if (handedOff == null) {
      handedOff = releasedByTasks();
    }
    return handedOff.contains(key);
  }

  private String fieldKey(Val v) {
    if (v instanceof Val.Field f) {
      return program.fieldDeclarer(f.owner(), f.name()) + "." + f.name();
    } else if (v instanceof Val.Static s) {
      return program.fieldDeclarer(s.owner(), s.name()) + "." + s.name();
    }
    return null;
  }

  /** The semaphore fields that a lambda or a task's {@code run}/{@code call} releases. */
  private Set<String> releasedByTasks() {
    Set<String> out = new TreeSet<>();
    for (MethodFacts mf : program.methods()) {
      String n = mf.ref().name();
      boolean task = lambdaImpls.contains(mf.ref()) || n.equals("run") || n.equals("call");
      if (!task) {
        continue;
      }
      for (Node node : mf.nodes()) {
        if (node.op() instanceof Op.Invoke inv && !inv.args().isEmpty()
            && program.effect(inv.method()) == Models.Effect.SEM_RELEASE) {
          Val recv = inv.args().get(0);
          if (recv instanceof Val.Param p) {
            for (Val.Lambda l : program.lambdasCapturing(mf.ref())) {
              if (p.index() < l.captures().size()) {
                addKey(out, l.captures().get(p.index()));
              }
            }
          } else {
            addKey(out, recv);
          }
        }
      }
    }
    return out;
  }

  private void addKey(Set<String> out, Val v) {
    String k = fieldKey(resolver.normalize(v));
    if (k != null) {
      out.add(k);
    }
  }

  /**
   * Whether an executor runs one task at a time: made by {@code newSingleThreadExecutor}, {@code
   * newFixedThreadPool(1)}, or a {@code ThreadPoolExecutor} (or subclass) whose core and maximum
   * sizes are the constant 1.
   */
  boolean singleThread(Val executor) {
    List<Val> sources = program.valuesOf(executor);
    if (sources.isEmpty()) {
      return false;
    }
    for (Val v : sources) {
      if (!singleThreadSource(v)) {
        return false;
      }
    }
    return true;
  }

  private boolean singleThreadSource(Val v) {
    if (v instanceof Val.Call c) {
      String n = c.method().name();
      if (c.method().owner().equals("java/util/concurrent/Executors")) {
        if (n.equals("newSingleThreadExecutor") || n.equals("newSingleThreadScheduledExecutor")) {
          return true;
        }
        if ((n.equals("newFixedThreadPool") || n.equals("newScheduledThreadPool")) && !c.args().isEmpty()
            && c.args().get(0) instanceof Val.Const k && Integer.valueOf(1).equals(k.value())) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof Val.New nw) {
      if (!Models.in(program, nw.type(), Models.EXECUTORS)) {
        return false;
      }
      for (Op.Invoke ctor : program.sites().ctorCalls(nw.site())) {
        if (sizeOne(ctor.args())) {
          return true;
        }
        // A subclass: its constructor passes constants to the pool's.
        MethodFacts cf = program.facts(MethodRef.of(nw.type(), "<init>", ctor.method().desc()));
        if (cf != null) {
          for (Node node : cf.nodes()) {
            if (node.op() instanceof Op.Invoke sup && sup.method().name().equals("<init>")
                && sup.args().size() > 2 && sup.args().get(0) instanceof Val.Param p && p.index() == 0
                && Models.in(program, sup.method().owner(), Models.EXECUTORS) && sizeOne(sup.args())) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** Constructor arguments (receiver first) giving a core and maximum pool size of 1. */
  private static boolean sizeOne(List<Val> ctorArgs) {
    return ctorArgs.size() > 2 && ctorArgs.get(1) instanceof Val.Const a && Integer.valueOf(1).equals(a.value())
        && ctorArgs.get(2) instanceof Val.Const b && Integer.valueOf(1).equals(b.value());
  }
}
