package dev.lockorder.summary;

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

  Delegates(Program program) {
    this.program = program;
  }

  /** Whether taking {@code acquired} while {@code held} is the innermost lock goes down a wrapper chain. */
  boolean descends(LockClass.Kind heldKind, Val held, LockClass.Kind acquiredKind, Val acquired) {
    Val from = objectOf(heldKind, held);
    Val x = objectOf(acquiredKind, acquired);
    if (from == null || x == null) {
      return false;
    }
    int steps = 0;
    while (x instanceof Val.Field f && !Val.samePath(x, from) && isDelegate(f.owner(), f.name())) {
      x = f.base();
      steps++;
    }
    return steps > 0 && Val.samePath(x, from);
  }

  /** The object a lock belongs to: a monitor's own object, or the holder of a lock field. */
  private static Val objectOf(LockClass.Kind kind, Val v) {
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
    return v instanceof Val.Field f ? f.base() : null;
  }

  private boolean isDelegate(String owner, String name) {
    String decl = program.fieldDeclarer(owner, name);
    return known.computeIfAbsent(List.of(decl, name), k -> {
      List<FieldStore> stores = program.constructorStores(decl, name);
      return stores != null && stores.stream().allMatch(st -> st.value() instanceof Val.Param p && p.index() > 0);
    });
  }
}
