package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Arguments whose monitor the caller already holds. A method that runs only from the program's own
 * call sites and takes the monitor of its parameter {@code k} re-enters it, rather than taking it
 * after the locks it holds, when every call site passes there its own receiver while holding it (a
 * synchronized method), or a parameter of its own that is, in turn, held on entry. activemq's
 * cursor passes itself, from inside its synchronized {@code fillBatch}, to the store that calls it
 * back under the store's own monitor. A call site whose argument cannot be of the classes the
 * acquisition needs (its receiver bound) does not count. Blocks ({@code synchronized (this) {...}})
 * around a call are not looked at: such a call site makes the parameter not held. Computed on
 * demand, for the few acquisitions that ask.
 */
final class EntryHeld {
  private static final int MAX_DEPTH = 6;

  private record Key(MethodRef m, int k) {}

  private record ArgKey(MethodRef m, int k, java.util.Set<String> classes) {}

  private final Program program;
  private final CallGraph cg;
  private final Receivers receivers;
  private final Predicate<MethodRef> onlyCalledInside;
  private final Map<Key, Boolean> held = new HashMap<>();
  private final Map<ArgKey, Boolean> passed = new HashMap<>();

  EntryHeld(Program program, CallGraph cg, Receivers receivers, Predicate<MethodRef> onlyCalledInside) {
    this.program = program;
    this.cg = cg;
    this.receivers = receivers;
    this.onlyCalledInside = onlyCalledInside;
  }

  /**
   * Whether taking the monitor of parameter {@code k} in {@code m}, for receivers that meet {@code
   * bound} (any, when null), is re-entry at every call site.
   */
  boolean reentered(MethodRef m, int k, String bound) {
    return onlyCalledInside.test(m) && atEverySite(m, k, Receivers.classesOf(bound, k), 1);
  }

  /**
   * Whether every call site passes at {@code k} a monitor it holds, an object of none of {@code
   * classes} (when given), or a parameter of its own of which the same holds.
   */
  private boolean atEverySite(MethodRef m, int k, java.util.Set<String> classes, int depth) {
    List<CallGraph.Site> all = cg.sites(m);
    if (all.isEmpty() || depth > MAX_DEPTH) {
      return false;
    }
    ArgKey key = new ArgKey(m, k, classes);
    Boolean known = passed.get(key);
    if (known != null) {
      return known;
    }
    passed.put(key, false); // a recursive call site does not vouch for itself
    boolean ok = true;
    for (CallGraph.Site s : all) {
      Val v = k < s.args().size() ? s.args().get(k) : null;
      if (v instanceof Val.Param p) {
        ok = holds(s.caller(), p.index(), depth)
            || classes != null && onlyCalledInside.test(s.caller()) && atEverySite(s.caller(), p.index(), classes, depth + 1);
      } else {
        ok = v != null && classes != null && receivers.excluded(classes, v, s.caller());
      }
      if (!ok) {
        break;
      }
    }
    passed.put(key, ok);
    return ok;
  }

  /** Whether every run of {@code m} holds the monitor of its parameter {@code j} on entry. */
  private boolean holds(MethodRef m, int j, int depth) {
    MethodFacts mf = program.facts(m);
    if (mf == null) {
      return false;
    }
    if (j == 0 && !mf.isStatic() && mf.isSynchronized()) {
      return true;
    }
    Key key = new Key(m, j);
    Boolean known = held.get(key);
    if (known != null) {
      return known;
    }
    if (depth > MAX_DEPTH || !onlyCalledInside.test(m)) {
      return false;
    }
    held.put(key, false); // a recursive call site does not vouch for itself
    boolean all = !cg.sites(m).isEmpty();
    for (CallGraph.Site s : cg.sites(m)) {
      if (!(j < s.args().size() && s.args().get(j) instanceof Val.Param p && holds(s.caller(), p.index(), depth + 1))) {
        all = false;
        break;
      }
    }
    held.put(key, all);
    return all;
  }
}
