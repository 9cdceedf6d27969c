package dev.lockorder.rules;

import java.util.List;

/** The registry of every rule, in report order. */
public final class Rules {
  public static final LockOrderCycle LOCK_ORDER_CYCLE = new LockOrderCycle();
  public static final ReadWriteUpgrade READ_WRITE_UPGRADE = new ReadWriteUpgrade();
  public static final NonReentrantReacquire NON_REENTRANT_REACQUIRE = new NonReentrantReacquire();
  public static final SingleThreadSelfWait SINGLE_THREAD_SELF_WAIT = new SingleThreadSelfWait();

  public static final List<Rule> ALL =
      List.of(LOCK_ORDER_CYCLE, READ_WRITE_UPGRADE, NON_REENTRANT_REACQUIRE, SINGLE_THREAD_SELF_WAIT);

  private Rules() {}

  public static Rule byId(String id) {
    for (Rule r : ALL) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no rule " + id);
  }
}
