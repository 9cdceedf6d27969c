package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.Val;

/**
 * A lock as one method sees it: the kind of lock and the value that identifies it, in terms of
 * that method's parameters. For pseudo-locks the value is the executor or the task; {@code on},
 * for the work of a task a helper made for an executor its caller names, is that executor (null
 * otherwise): the work is the executor's own ({@link Tasks}).
 */
record LockRef(LockClass.Kind kind, Val val, Val on) {

  LockRef(LockClass.Kind kind, Val val) {
    this(kind, val, null);
  }

  /**
   * The locks of {@code refs} a caller can name (through parameters or statics): only those can be
   * locks the caller, or its callers, hold. The rest would only be carried and substituted for
   * nothing.
   */
  static java.util.Set<LockRef> nameable(java.util.Set<LockRef> refs) {
    java.util.Set<LockRef> out = null;
    for (LockRef r : refs) {
      Val root = Val.root(r.val());
      boolean keep = root instanceof Val.Param || root instanceof Val.Static || root instanceof Val.ClassLit
          || HeldSet.isFieldOf(r);
      if (!keep && out == null) {
        out = new java.util.HashSet<>(refs);
      }
      if (!keep) {
        out.remove(r);
      }
    }
    return out == null ? refs : out.isEmpty() ? java.util.Set.of() : out;
  }
}
