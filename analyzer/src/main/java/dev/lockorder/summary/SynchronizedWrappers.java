package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The JDK's synchronized collection wrappers ({@code Collections.synchronizedSet(s)} and the other
 * one-argument factories), and its {@code Vector}, {@code Stack} and {@code Hashtable}: each of
 * their methods but the iterators' and streams' runs under the wrapper's own monitor, so a call
 * on one is an acquisition of that monitor, as a call of a
 * synchronized method is, of the lock class a {@code synchronized (wrapper)} block on it names.
 *
 * <p>Only wrappers kept in a field that some code also locks itself (to iterate it, as the wrapper's
 * contract asks) are modelled: inside the JDK's method the monitor is held around JDK code alone,
 * which takes nothing the analysis follows, so a wrapper no code locks explicitly is never held
 * while something else is taken and closes no cycle. Modelling every call on every wrapper cost a
 * fifth of spring-beans' run for nothing reported (docs/precision.md, session 22).
 */
final class SynchronizedWrappers {
  private static final String COLLECTIONS = "java/util/Collections";
  /** The methods the wrappers leave unsynchronized: the caller must hold the monitor itself. */
  private static final Set<String> UNSYNCHRONIZED = Set.of("iterator", "listIterator", "spliterator", "stream",
      "parallelStream");

  /**
   * The JDK's legacy collections whose own methods are synchronized on the collection: a field only
   * ever holding new ones is a wrapper too (`monitors/LegacySynchronizedCollection`).
   */
  private static final Set<String> SYNCHRONIZED =
      Set.of("java/util/Vector", "java/util/Stack", "java/util/Hashtable");

  private final Program program;
  /**
   * By declarer, the fields a {@code synchronized} block locks somewhere: asked at every call on a
   * field, so looked up without building a key string.
   */
  private Map<String, Set<String>> lockedFields;

  SynchronizedWrappers(Program program) {
    this.program = program;
  }

  /** The fields locked somewhere, by declarer, with declarers from {@code declarer} (made ahead: {@link FactIndexes}). */
  static Map<String, Set<String>> lockedFields(Program program, java.util.function.BinaryOperator<String> declarer) {
    Map<String, Set<String>> lockedFields = new HashMap<>();
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.MonitorEnter me && me.lock() instanceof Val.Field f) {
          lockedFields.computeIfAbsent(declarer.apply(f.owner(), f.name()), k -> new HashSet<>()).add(f.name());
        }
      }
    }
    return lockedFields;
  }

  /** Whether {@code inv} runs under the monitor of its receiver, a synchronized wrapper some code locks. */
  boolean locksReceiver(Op.Invoke inv) {
    if (lockedFields == null) {
      lockedFields = program.indexes().lockedFields();
    }
    if (lockedFields.isEmpty() || inv.args().isEmpty() || inv.kind().equals("static")
        || UNSYNCHRONIZED.contains(inv.method().name()) || !inv.method().owner().startsWith("java/util/")
        || !(inv.args().get(0) instanceof Val.Field f)
        || !lockedFields.getOrDefault(program.fieldDeclarer(f.owner(), f.name()), Set.of()).contains(f.name())) {
      return false;
    }
    boolean any = false;
    for (Val v : program.valuesOf(f)) {
      if (Val.isNull(v)) {
        continue;
      }
      if (!(v instanceof Val.Call c && isWrapperFactory(c))
          && !(v instanceof Val.New n && SYNCHRONIZED.contains(n.type()))) {
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
