package dev.lockorder.summary;

import dev.lockorder.ir.Val;

/**
 * Two objects of one lock class, one held while the other is taken, where the code says how they
 * are related: the second is the first's field ({@code synchronized (this) { synchronized (child)
 * { } } }), or, for locks kept in a field, the second lock's owner is the first lock's owner's field
 * ({@code this.lock} then {@code this.parent.lock}, each owner having made its own). lockdep sees one lock class taken twice; the
 * relation is what tells a parent-then-child order from its reverse (see {@link
 * dev.lockorder.graph.GraphBuilder#opposedNestings}).
 */
final class Nesting {
  private Nesting() {}

  /**
   * The field ({@code declarer.name}) that leads from the held object to the taken one, or null
   * when the code does not relate them that way.
   */
  static String field(Val held, Val taken, Program program) {
    if (taken instanceof Val.Field f && f.base().equals(held)) {
      return program.fieldDeclarer(f.owner(), f.name()) + "." + f.name();
    }
    if (held instanceof Val.Field h && taken instanceof Val.Field t && t.base() instanceof Val.Field via
        && via.base().equals(h.base())) {
      String lock = program.fieldDeclarer(h.owner(), h.name());
      // One lock field of two owners, and each owner makes its own lock: a lock handed from
      // parent to child (child.lock = parent.lock) is one object, and taking it again is re-entry.
      if (lock.equals(program.fieldDeclarer(t.owner(), t.name())) && madeByItsOwner(lock, h.name(), program)) {
        return program.fieldDeclarer(via.owner(), via.name()) + "." + via.name();
      }
    }
    return null;
  }

  private static boolean madeByItsOwner(String declarer, String name, Program program) {
    var stores = program.storesOf(declarer, name);
    return !stores.isEmpty() && stores.stream().allMatch(st -> st.method().name().equals("<init>")
        && st.base() instanceof Val.Param p && p.index() == 0 && st.value() instanceof Val.New);
  }
}
