package dev.lockorder.summary;

import dev.lockorder.graph.Edge;
import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields that hold what an object wraps: set only by constructors, each from one of their own
 * parameters ({@code this.delegate = delegate}). An object exists before any object that wraps
 * it, so following such fields never comes back to where it started: wrapping cannot loop. A lock
 * taken on an object reached from the held lock's object through such fields alone is taken
 * further down a chain of wrappers, and a cycle of lock classes made only of such steps cannot
 * happen on objects (commons-pool2's decorators around decorators).
 */
final class Delegates {
  private final Program program;
  private final Map<List<String>, Boolean> known = new HashMap<>();
  private final Map<List<String>, Boolean> ownLocks = new HashMap<>();

  Delegates(Program program) {
    this.program = program;
  }

  /**
   * How taking {@code acquired} while {@code held} is the innermost lock moves along a chain of
   * wrappers ({@link Edge#descent}): down, when the acquired lock's object is reached from the held
   * lock's object through wrapped objects alone (or from the acquisition's {@code anchor}, which
   * is that object or below it); level, when both locks belong to one object.
   */
  int descent(LockClass.Kind heldKind, Val held, LockClass.Kind acquiredKind, Val acquired, Val anchor) {
    Val from = objectOf(heldKind, held);
    Val x = objectOf(acquiredKind, acquired);
    if (from == null || x == null || !rooted(from)) {
      return Edge.ANYWHERE;
    }
    int steps = 0;
    while (x instanceof Val.Field f && !Val.samePath(x, from) && isDelegate(f.owner(), f.name())) {
      x = f.base();
      steps++;
    }
    if (Val.samePath(x, from) && rooted(x)) {
      return steps > 0 ? Edge.DOWN : Edge.LEVEL;
    }
    if (anchor != null && rooted(anchor)) {
      while (!Val.samePath(anchor, from) && anchor instanceof Val.Field f && isDelegate(f.owner(), f.name())) {
        anchor = f.base();
      }
      return Val.samePath(anchor, from) ? Edge.DOWN : Edge.ANYWHERE;
    }
    return Edge.ANYWHERE;
  }

  /**
   * For a lock path about to be cut at the depth limit: the deepest object within the limit that
   * the lock's object is reached from through wrapped objects alone, at least one step up; null
   * when there is none.
   */
  Val anchor(LockClass.Kind kind, Val whole) {
    Val x = objectOf(kind, whole);
    return x instanceof Val.Field f && isDelegate(f.owner(), f.name()) ? lift(f.base()) : null;
  }

  /**
   * An anchor rewritten into a caller's terms: itself when it fits the depth limit, else the
   * deepest object within the limit that it is reached from through wrapped objects alone.
   */
  Val lift(Val anchor) {
    Val x = anchor;
    while (x.depth() > Val.MAX_DEPTH && x instanceof Val.Field f && isDelegate(f.owner(), f.name())) {
      x = f.base();
    }
    return x.depth() <= Val.MAX_DEPTH && rooted(x) ? x : null;
  }

  /**
   * An anchor below which both anchors lie: the nearest object that both are reached from through
   * wrapped objects alone; null when either is null or there is none.
   */
  Val meet(Val a, Val b) {
    if (a == null || b == null) {
      return null;
    }
    List<Val> above = new java.util.ArrayList<>();
    for (Val x = a; ; x = ((Val.Field) x).base()) {
      above.add(x);
      if (!(x instanceof Val.Field f && isDelegate(f.owner(), f.name()))) {
        break;
      }
    }
    for (Val y = b; ; y = ((Val.Field) y).base()) {
      for (Val x : above) {
        if (Val.samePath(x, y)) {
          return x;
        }
      }
      if (!(y instanceof Val.Field f && isDelegate(f.owner(), f.name()))) {
        return null;
      }
    }
  }

  /**
   * The object a lock belongs to: a monitor's own object, or the holder of a lock field that only
   * constructors fill, each with a lock they make (a lock handed in might be another object's too).
   */
  private Val objectOf(LockClass.Kind kind, Val v) {
    if (kind == LockClass.Kind.MONITOR) {
      return v;
    }
    if (kind != LockClass.Kind.LOCK && kind != LockClass.Kind.READ_WRITE_LOCK) {
      return null;
    }
    if (v instanceof Val.Call c && !c.args().isEmpty()
        && (c.method().name().equals("readLock") || c.method().name().equals("writeLock"))) {
      v = c.args().get(0); // a view of a read-write lock: the lock's holder
    }
    return v instanceof Val.Field f && isOwnLock(f.owner(), f.name()) ? f.base() : null;
  }

  /** Whether a path names one object whatever the caller: no part of it was cut or is unknown. */
  private static boolean rooted(Val v) {
    if (v instanceof Val.Field f) {
      return rooted(f.base());
    } else if (v instanceof Val.Call c) {
      return c.args().stream().allMatch(Delegates::rooted);
    } else if (v instanceof Val.Elem e) {
      return rooted(e.array());
    }
    return !(v instanceof Val.Unknown);
  }

  private boolean isOwnLock(String owner, String name) {
    String decl = program.fieldDeclarer(owner, name);
    return ownLocks.computeIfAbsent(List.of(decl, name), k -> {
      List<FieldStore> stores = program.constructorStores(decl, name);
      return stores != null && stores.stream().allMatch(st -> st.value() instanceof Val.New);
    });
  }

  private boolean isDelegate(String owner, String name) {
    String decl = program.fieldDeclarer(owner, name);
    return known.computeIfAbsent(List.of(decl, name), k -> {
      List<FieldStore> stores = program.constructorStores(decl, name);
      return stores != null ? stores.stream().allMatch(st -> st.value() instanceof Val.Param p && p.index() > 0
              || st.value() instanceof Val.New n && madeWithoutItsHolder(n))
          : setOnlyWhenMade(decl, name);
    });
  }

  /**
   * Whether the object a constructor makes right there for its own field is given nothing that is
   * its holder ({@code this}, a lambda or call over it): then it cannot reach the holder, and what
   * it reaches is older than the holder or made the same way (cxf's {@code SingletonFactory} around
   * a {@code PerRequestFactory} it makes for a class).
   */
  private boolean madeWithoutItsHolder(Val.New n) {
    List<dev.lockorder.ir.Op.Invoke> ctors = program.sites().ctorCalls(n.site());
    return ctors.size() == 1 && ctors.get(0).args().stream().skip(1).noneMatch(Delegates::mentionsThis);
  }

  private static boolean mentionsThis(Val v) {
    if (v instanceof Val.Param p) {
      return p.index() == 0;
    } else if (v instanceof Val.Lambda l) {
      return l.captures().stream().anyMatch(Delegates::mentionsThis);
    } else if (v instanceof Val.Call c) {
      return c.args().stream().anyMatch(Delegates::mentionsThis);
    }
    return v instanceof Val.Unknown; // lost: it may be
  }

  /**
   * Whether every store into {@code decl.name} puts there an object older than its holder, some
   * through a setter: a constructor's parameter, or a setter's parameter where every call of the
   * setter is a constructor's on its own object with one of its parameters, or is on an object the
   * caller made right there with one of the caller's parameters (eclipselink's remote value holder,
   * made and then pointed at the server's holder). A setter no code calls is not taken (code
   * outside the inputs may call it with anything); the closed world of the call graph is assumed
   * for the others, as elsewhere.
   */
  private boolean setOnlyWhenMade(String decl, String name) {
    List<FieldStore> stores = program.storesOf(decl, name);
    boolean any = false;
    for (FieldStore st : stores) {
      if (Val.isNull(st.value())) {
        continue;
      }
      if (!(st.base() instanceof Val.Param b && b.index() == 0) || !(st.value() instanceof Val.Param v && v.index() > 0)) {
        return false;
      }
      if (!st.byOwnConstructor() && !calledOnlyWhenMade(st.method(), v.index())) {
        return false;
      }
      any = true;
    }
    return any;
  }

  private boolean calledOnlyWhenMade(dev.lockorder.ir.MethodRef setter, int param) {
    List<CallGraph.Site> sites = setter.name().startsWith("<") ? List.of() : program.callGraph().sites(setter);
    for (CallGraph.Site s : sites) {
      Val recv = s.args().isEmpty() ? null : s.args().get(0);
      Val value = param < s.args().size() ? s.args().get(param) : null;
      boolean ctor = s.caller().name().equals("<init>") && recv instanceof Val.Param r && r.index() == 0;
      boolean fresh = recv instanceof Val.New;
      int lowest = program.isStaticMethod(s.caller()) ? 0 : 1;
      if (!(ctor || fresh) || !(value instanceof Val.Param p && p.index() >= lowest)) {
        return false;
      }
    }
    return !sites.isEmpty();
  }
}
