package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashSet;
import java.util.Set;

/**
 * A {@code ConcurrentHashMap}'s bin locks: its {@code compute}, {@code computeIfAbsent}, {@code
 * computeIfPresent} and {@code merge} run the caller's function inside a {@code synchronized} on
 * the first node of the key's bin, and its {@code put}, {@code remove}, {@code replace} and the
 * like take that monitor around the JDK's own code. All bins of one map are one lock class, {@code
 * (bin)} and the map's name: the key that picks the bin is not known, so two threads on two keys
 * are taken to meet (a cycle through a bin is of medium confidence).
 *
 * <p>A bin held only around the JDK's code, or around functions that take no lock and wait for
 * nothing, closes no cycle: a thread holding it always lets it go. So a call takes the bin only
 * on a map some code computes on with a function that may take a lock or wait (itself or through
 * its callees; the map a field, as the program's calls name it), or when its own function may: a
 * {@code computeIfAbsent} making a plain object is no acquisition, and the summaries carry no bin
 * that cannot matter (taking it at every compute given a function and every put on the maps
 * computed on, hazelcast's summaries hit their cap in 171 places rather than 52; so, in 53).
 *
 * <p>No other map locks this way: {@code ConcurrentSkipListMap} runs the function without a lock,
 * and the {@code Collections} wrappers hold their own monitor ({@link SynchronizedWrappers}). A
 * receiver typed {@code Map}, {@code ConcurrentMap} or {@code AbstractMap} counts when it is a
 * field that only ever holds new {@code ConcurrentHashMap}s (the type flow is not asked).
 */
final class BinLocks {
  private static final String CHM = "java/util/concurrent/ConcurrentHashMap";
  private static final Set<String> INTERFACES =
      Set.of("java/util/Map", "java/util/concurrent/ConcurrentMap", "java/util/AbstractMap");
  /** The calls that run their function while they hold the bin. */
  private static final Set<String> HOLDING = Set.of("compute", "computeIfAbsent", "computeIfPresent", "merge");
  /**
   * The calls that lock the bin around the JDK's code only ({@code replaceAll} runs its function
   * before each locked replace, not under it).
   */
  private static final Set<String> LOCKING =
      Set.of("put", "putIfAbsent", "remove", "replace", "putAll", "clear", "replaceAll");

  /** The JDK calls that neither take a lock nor wait. */
  private static final Set<Models.Effect> NOT_WAITING = java.util.EnumSet.of(Models.Effect.NONE,
      Models.Effect.READ_VIEW, Models.Effect.WRITE_VIEW, Models.Effect.RELEASE, Models.Effect.STAMPED_RELEASE,
      Models.Effect.SEM_RELEASE, Models.Effect.SIGNAL, Models.Effect.SUBMIT, Models.Effect.ASYNC,
      Models.Effect.THREAD_START, Models.Effect.SHUTDOWN_HOOK);

  private final Program program;
  private final java.util.function.Predicate<Op.Invoke> wrapperCall;
  /** Declarer and name of every field computed on with a function that may wait; built on first use. */
  private Set<String> computed;
  /** The methods that may take a lock or wait, themselves or through their callees. */
  private Set<MethodRef> mayWait;

  /** {@code wrapperCall}: whether a call takes a synchronized wrapper's monitor ({@link SynchronizedWrappers}). */
  BinLocks(Program program, java.util.function.Predicate<Op.Invoke> wrapperCall) {
    this.program = program;
    this.wrapperCall = wrapperCall;
  }

  /** Whether {@code inv} holds the receiver's bin while a function it runs that may wait runs. */
  boolean holdsWhileRunning(Op.Invoke inv) {
    return HOLDING.contains(inv.method().name()) && onMap(inv) && mayWait(inv);
  }

  /** Whether {@code inv} takes the receiver's bin when it is called. */
  boolean locks(Op.Invoke inv) {
    String name = inv.method().name();
    if (!HOLDING.contains(name) && !LOCKING.contains(name) || !onMap(inv)) {
      return false;
    }
    build();
    String field = fieldOf(inv.args().get(0));
    return field != null && computed.contains(field) || HOLDING.contains(name) && mayWait(inv);
  }

  /** Whether a function {@code inv} runs may take a lock or wait. */
  private boolean mayWait(Op.Invoke inv) {
    build();
    for (MethodRef t : RunsNow.targets(inv, program)) {
      if (mayWait.contains(t)) {
        return true;
      }
    }
    return false;
  }

  private boolean onMap(Op.Invoke inv) {
    if (inv.args().isEmpty() || inv.kind().equals("static")) {
      return false;
    }
    String owner = inv.method().owner();
    return owner.equals(CHM) || INTERFACES.contains(owner) && onlyNewMaps(inv.args().get(0));
  }

  /** Whether a field only ever holds new {@code ConcurrentHashMap}s (null aside), and some. */
  private boolean onlyNewMaps(Val recv) {
    if (!(recv instanceof Val.Field) && !(recv instanceof Val.Static)) {
      return false;
    }
    boolean any = false;
    for (Val v : program.valuesOf(recv)) {
      if (Val.isNull(v)) {
        continue;
      }
      if (!(v instanceof Val.New n && n.type().equals(CHM))) {
        return false;
      }
      any = true;
    }
    return any;
  }

  private void build() {
    if (computed != null) {
      return;
    }
    mayWait = new HashSet<>();
    java.util.ArrayDeque<MethodRef> work = new java.util.ArrayDeque<>();
    for (MethodFacts mf : program.methods()) {
      if (waits(mf)) {
        mayWait.add(mf.ref());
        work.add(mf.ref());
      }
    }
    CallGraph cg = program.callGraph();
    while (!work.isEmpty()) {
      for (MethodRef caller : cg.callers(work.poll())) {
        if (mayWait.add(caller)) {
          work.add(caller);
        }
      }
    }
    computed = new HashSet<>();
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv && HOLDING.contains(inv.method().name()) && onMap(inv) && mayWait(inv)) {
          String f = fieldOf(inv.args().get(0));
          if (f != null) {
            computed.add(f);
          }
        }
      }
    }
  }

  /**
   * Whether a method may block on its own: a monitor, a call the JDK models as taking a lock or
   * waiting, a synchronized wrapper's call, or a call on a map's bin (a bin under a bin waits).
   */
  private boolean waits(MethodFacts mf) {
    if (mf.isSynchronized()) {
      return true;
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.MonitorEnter) {
        return true;
      }
      if (n.op() instanceof Op.Invoke inv) {
        String name = inv.method().name();
        if (!NOT_WAITING.contains(program.effect(inv.method())) || wrapperCall.test(inv)
            || (HOLDING.contains(name) || LOCKING.contains(name)) && onMap(inv)) {
          return true;
        }
      }
    }
    return false;
  }

  private String fieldOf(Val v) {
    if (v instanceof Val.Field f) {
      return program.fieldDeclarer(f.owner(), f.name()) + "." + f.name();
    }
    return v instanceof Val.Static s ? program.fieldDeclarer(s.owner(), s.name()) + "." + s.name() : null;
  }
}
