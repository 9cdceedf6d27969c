package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Arguments whose monitor the caller already holds. A method that runs only from the program's own
 * call sites and takes the monitor of its parameter {@code k}, or of a field of it, re-enters it,
 * rather than taking it after the locks it holds, when every call site passes there an object
 * whose monitor (or that field's) it holds at the call: its own receiver while synchronized, a
 * value it locked in a block around the call ({@link MonitorsHeld}), or a parameter of its own of
 * which the same holds, in turn, at every site calling it. activemq's cursor passes itself, from
 * inside its synchronized {@code fillBatch}, to the store that calls it back under the store's own
 * monitor; its durable subscription, inside {@code synchronized (pendingLock)}, hands itself
 * through the topic to a recovery policy that calls it back under the policy's monitor. A call
 * site whose argument cannot be of the classes the acquisition needs (its receiver bound) does not
 * count. Computed on demand, for the few acquisitions that ask.
 *
 * <p>Blocks and fields count for an argument's lock, and for the receiver's only where the method
 * is not public or protected: a public method that takes a lock of its own {@code this} is that
 * object's API, which code outside the inputs may call without the lock (activemq's {@code wakeup},
 * called under {@code pendingLock} by the queue's own code, can be called by anyone: fixture {@code
 * flow/FlagTestedTwice}), while an object handed to a method that calls back into it is the
 * caller's to hold, and a package-private method runs only from its package (activemq's {@code
 * doReconnect}, whose one caller holds the backup mutex it takes again: {@code
 * flow/GateHeldByOnlyCallerSafe}). The receiver's monitor
 * itself still counts when every caller is a synchronized method of the same object. Each caller
 * that could pass a suitable object must vouch; the closed world of the call
 * graph (a method with callers in the inputs runs only from them) is assumed, as in the rest of
 * the summaries, and is unsound for a library's public methods.
 */
final class EntryHeld {
  private static final int MAX_DEPTH = 6;

  private record Key(MethodRef m, Val lock, Set<String> classes, boolean blocks, Mode mode) {}

  private final Program program;
  private final CallGraph cg;
  private final Receivers receivers;
  private final Predicate<MethodRef> onlyCalledInside;
  private final MonitorsHeld monitors;
  private final LocksHeld locks;
  private final Map<Key, Boolean> vouched = new HashMap<>();

  EntryHeld(Program program, CallGraph cg, Receivers receivers, MonitorsHeld monitors, LocksHeld locks,
      Predicate<MethodRef> onlyCalledInside) {
    this.program = program;
    this.cg = cg;
    this.receivers = receivers;
    this.onlyCalledInside = onlyCalledInside;
    this.monitors = monitors;
    this.locks = locks;
  }

  /**
   * Whether acquisition {@code a} in {@code m} takes again what every call site holds: a monitor,
   * or a JDK lock (reentrant: a read-write lock's write side held lets its holder take either side).
   */
  boolean reentered(MethodRef m, Acq a) {
    LockClass.Kind kind = a.ref().kind();
    if (kind == LockClass.Kind.MONITOR) {
      return reentered(m, a.ref().val(), a.bound(), null);
    }
    return reentrantJdkLock(a.ref().val(), kind) && reentered(m, a.ref().val(), a.bound(), a.mode());
  }

  /** A lock or read-write lock of {@code java.util.concurrent.locks} that its holder may take again (no {@code StampedLock}). */
  static boolean reentrantJdkLock(Val lock, LockClass.Kind kind) {
    String type = lock.type();
    return type.startsWith("java/util/concurrent/locks/") && !type.endsWith("StampedLock")
        && (kind == LockClass.Kind.LOCK || kind == LockClass.Kind.READ_WRITE_LOCK);
  }

  /** Whether every call site of {@code m} holds {@code lock} ({@code m}'s terms; a JDK lock on side {@code mode}). */
  boolean heldByEveryCaller(MethodRef m, Val lock, LockClass.Kind kind, Mode mode) {
    return kind == LockClass.Kind.MONITOR ? reentered(m, lock, null, null) : reentered(m, lock, null, mode);
  }

  /**
   * Whether taking the monitor of {@code lock} in {@code m}, a parameter or a field of one, for
   * receivers that meet {@code bound} (any, when null), is re-entry at every call site.
   */
  private boolean reentered(MethodRef m, Val lock, String bound, Mode mode) {
    if (!(Val.root(lock) instanceof Val.Param p) || !fieldsOnly(lock) || !onlyCalledInside.test(m)) {
      return false;
    }
    boolean receiver = ownReceiver(m, lock) && api(m);
    if (receiver && (!(lock instanceof Val.Param) || mode != null)) {
      return false; // see the class comment: the receiver's own locks are its callers' to take
    }
    return vouched(m, Val.erase(lock), Receivers.classesOf(bound, p.index()), !receiver, 1, mode);
  }

  /** A parameter, or a chain of fields from one: a path every call site can rewrite into its own terms. */
  static boolean fieldsOnly(Val v) {
    while (v instanceof Val.Field f) {
      v = f.base();
    }
    return v instanceof Val.Param;
  }

  /** Whether code outside the inputs may call {@code m} ({@link EntryGates#api}). */
  private boolean api(MethodRef m) {
    return EntryGates.api(program.facts(m));
  }

  /** Whether {@code lock} hangs off {@code this} of {@code m}: then its callers are anyone's (class comment). */
  private boolean ownReceiver(MethodRef m, Val lock) {
    MethodFacts mf = program.facts(m);
    return Val.root(lock) instanceof Val.Param p && p.index() == 0 && mf != null && !mf.isStatic();
  }

  /**
   * Whether every call site of {@code m} that may pass there an object of {@code classes} (any,
   * when null) holds {@code lock} rewritten into its terms, or passes a parameter of its own of
   * which the same holds. With {@code blocks} false only synchronized methods hold (the receiver's
   * own monitor, passed on as {@code this}).
   */
  private boolean vouched(MethodRef m, Val lock, Set<String> classes, boolean blocks, int depth, Mode mode) {
    MethodFacts mf = program.facts(m);
    if (mf == null) {
      return false;
    }
    if (mode == null && depth > 1 && lock instanceof Val.Param p && p.index() == 0 && !mf.isStatic() && mf.isSynchronized()) {
      return true;
    }
    if (depth > MAX_DEPTH || depth > 1 && !onlyCalledInside.test(m)) {
      return false;
    }
    Key key = new Key(m, lock, classes, blocks, mode);
    Boolean known = vouched.get(key);
    if (known != null) {
      return known;
    }
    vouched.put(key, false); // a recursive call site does not vouch for itself
    int k = ((Val.Param) Val.root(lock)).index();
    boolean all = !cg.sites(m).isEmpty();
    for (CallGraph.Site s : cg.sites(m)) {
      Val v = k < s.args().size() ? s.args().get(k) : null;
      if (v == null) {
        all = false;
        break;
      }
      if (classes != null && receivers.excluded(classes, v, s.caller())) {
        continue; // not a path to this acquisition's objects
      }
      Val there = Val.erase(Subst.rewrite(lock, s.args()));
      boolean own = ownReceiver(s.caller(), there) && api(s.caller());
      // Past a caller's own receiver only its monitor is followed, through synchronized methods.
      // The classes bound the object at parameter k: one call further up they still bound the
      // new root only where the argument is a parameter, the same object handed on.
      boolean held = blocks && (mode == null ? monitors.at(s.caller(), s.node(), there)
              : locks.at(s.caller(), s.node(), there, mode))
          || fieldsOnly(there) && (!own || there instanceof Val.Param && mode == null)
              && vouched(s.caller(), there, v instanceof Val.Param ? classes : null, blocks && !own, depth + 1, mode);
      if (!held) {
        all = false;
        break;
      }
    }
    vouched.put(key, all);
    return all;
  }
}
