package dev.lockorder.summary;

import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.List;
import java.util.Set;

/**
 * The JDK's synchronized collection wrappers ({@code Collections.synchronizedSet(s)} and the like):
 * each of their methods but the iterators' and streams' runs under the wrapper's own monitor, so a
 * call on one is an acquisition of that monitor, as a call of a synchronized method is, and the
 * same lock class as a {@code synchronized (wrapper)} block on it. A value is such a wrapper when
 * it is the wrapper factory's result, or a field every object stored into which is one.
 */
final class SynchronizedWrappers {
  private static final String COLLECTIONS = "java/util/Collections";
  /** The methods the wrappers leave unsynchronized: the caller must hold the monitor itself. */
  private static final Set<String> UNSYNCHRONIZED = Set.of("iterator", "listIterator", "spliterator", "stream",
      "parallelStream");

  private SynchronizedWrappers() {}

  /** Whether {@code inv} runs under the monitor of its receiver, a synchronized wrapper. */
  static boolean locksReceiver(Program program, Op.Invoke inv) {
    if (inv.args().isEmpty() || inv.kind().equals("static") || UNSYNCHRONIZED.contains(inv.method().name())
        || !inv.method().owner().startsWith("java/util/")) {
      return false;
    }
    Val recv = inv.args().get(0);
    if (recv instanceof Val.Call c) {
      return isWrapperFactory(c);
    }
    if (!(recv instanceof Val.Field || recv instanceof Val.Static)) {
      return false;
    }
    List<Val> stored = program.valuesOf(recv);
    boolean any = false;
    for (Val v : stored) {
      if (Val.isNull(v)) {
        continue;
      }
      if (!(v instanceof Val.Call c && isWrapperFactory(c))) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /** {@code Collections.synchronizedX(c)}: the one-argument factories, whose mutex is the wrapper. */
  private static boolean isWrapperFactory(Val.Call c) {
    return c.method().owner().equals(COLLECTIONS) && c.method().name().startsWith("synchronized")
        && c.args().size() == 1;
  }
}
