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

  /**
   * For two of the method's own parameters ({@code this} included) of one lock class, one taken
   * while the other is held ({@code synchronized (from) { synchronized (to) { } } }, or {@code
   * from.lock} then {@code to.lock} with each owner making its own lock): {@code "i>j"}, the
   * parameters in the order taken; null otherwise. The order is the callers': two threads passing
   * the same two objects the other way round deadlock (Java Concurrency in Practice's dynamic lock
   * order deadlock).
   */
  static String arguments(Val held, Val taken, Program program) {
    if (held instanceof Val.Param h && taken instanceof Val.Param t && h.index() != t.index()
        && program.mayBeBoth(h.type(), t.type())) {
      return h.index() + ">" + t.index();
    }
    // Two parameters no one object can be (a stream and its connection, both windows) are never
    // passed the other way round.
    if (held instanceof Val.Field h && taken instanceof Val.Field t && h.base() instanceof Val.Param hp
        && t.base() instanceof Val.Param tp && hp.index() != tp.index() && program.mayBeBoth(hp.type(), tp.type())) {
      String lock = program.fieldDeclarer(h.owner(), h.name());
      if (lock.equals(program.fieldDeclarer(t.owner(), t.name())) && madeByItsOwner(lock, h.name(), program)) {
        return hp.index() + ">" + tp.index();
      }
    }
    return null;
  }

  /** Whether every store into the field is a new object, made in a constructor for its own object. */
  static boolean madeByItsOwner(String declarer, String name, Program program) {
    var stores = program.storesOf(declarer, name);
    return !stores.isEmpty() && stores.stream().allMatch(st -> st.byOwnConstructor() && st.value() instanceof Val.New);
  }
}
