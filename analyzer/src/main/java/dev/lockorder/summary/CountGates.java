package dev.lockorder.summary;

import dev.lockorder.ir.CountUse;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits that wait only while a counter of operations in progress is not zero ({@code while
 * (inProgress > 0) lock.wait();}, where each operation runs {@code inProgress++; ...; finally {
 * inProgress--; lock.notifyAll(); }}). Such a waiter waits for threads past their increment, so a
 * signaller owes it the signal only from its increment on: what it locks before it increments
 * (making room, looking up) holds no waiter up. Found only when every wait on the lock, in the whole
 * program, is reached only through a test that the counter, a field of the lock's own object, is
 * not zero; a wait on a value that is not a field (a helper's parameter its callers do not name)
 * counts against every lock whose objects may be of its type.
 */
final class CountGates {
  private static final String OBJECT = "java/lang/Object";
  private final Program program;
  private final Resolver resolver;
  /** The counter that gates every wait on a lock field, by the lock's key; absent when none does. */
  private Map<String, String> counterOf;
  private final Set<String> unnamed = new HashSet<>();

  CountGates(Program program, Resolver resolver) {
    this.program = program;
    this.resolver = resolver;
  }

  /**
   * The nodes of {@code mf} that owe the signal at {@code signal} on {@code target}: those after an
   * increment of the counter that gates its waits; null when the facts do not say (then the whole
   * method before the signal owes it).
   */
  BitSet owed(MethodFacts mf, Val target) {
    if (!(target instanceof Val.Field lock) || mf.counts().isEmpty() && !callsCounter(mf)) {
      return null;
    }
    if (counterOf == null) {
      counterOf = index();
    }
    String counter = counterOf.get(key(lock));
    if (counter == null || maybeUnnamed(lock)) {
      return null;
    }
    // Owed from each store to the counter once the method increments it (a decrement before the
    // increment released waiters too); any other store, or none, leaves the whole path owed.
    Val base = lock.base();
    List<Integer> starts = new java.util.ArrayList<>();
    boolean inc = false;
    for (CountUse u : mf.counts()) {
      if (u.kind() != CountUse.Kind.RETURN && u.kind() != CountUse.Kind.GATE && u.kind() != CountUse.Kind.BITS
          && u.value() instanceof Val.Field f && key(f).equals(counter) && same(f.base(), base)) {
        if (u.kind() == CountUse.Kind.SET || u.kind() == CountUse.Kind.RAISE) {
          return null;
        }
        inc |= u.kind() == CountUse.Kind.INC;
        for (int s : u.nodes()) {
          starts.add(s);
        }
      }
    }
    for (int i = 0; i < mf.nodes().size(); i++) {
      if (mf.nodes().get(i).op() instanceof Op.Invoke inv && !inv.args().isEmpty() && same(inv.args().get(0), base)) {
        if (counter.equals(counted(inv.method(), CountUse.Kind.SET))
            || counter.equals(counted(inv.method(), CountUse.Kind.RAISE))) {
          return null;
        }
        boolean up = counter.equals(counted(inv.method(), CountUse.Kind.INC));
        if (up || counter.equals(counted(inv.method(), CountUse.Kind.DEC))) {
          inc |= up;
          starts.add(i); // a synthetic accessor's store
        }
      }
    }
    if (!inc) {
      return null;
    }
    return starts.isEmpty() ? null : NodeReach.forward(mf.nodes(), starts, -1);
  }

  /**
   * Whether a wait on a value that is not a field may be on the lock: unless every object stored in
   * the lock's field is made there, of a class that is none of those waits' types.
   */
  private boolean maybeUnnamed(Val.Field lock) {
    if (unnamed.isEmpty()) {
      return false;
    }
    List<Val> made = program.valuesOf(lock);
    if (made.isEmpty() || unnamed.contains(OBJECT)) {
      return true;
    }
    for (Val v : made) {
      if (!(v instanceof Val.New nw)) {
        return true;
      }
      for (String t : unnamed) {
        if (t.equals(nw.type()) || program.supertypes(nw.type()).contains(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean callsCounter(MethodFacts mf) {
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv && counted(inv.method(), CountUse.Kind.INC) != null) {
        return true;
      }
    }
    return false;
  }

  /** The counter that a method (an accessor) uses in that way on its first parameter, or null. */
  private String counted(MethodRef m, CountUse.Kind kind) {
    MethodFacts callee = program.facts(m);
    if (callee == null) {
      return null;
    }
    String found = null;
    for (CountUse u : callee.counts()) {
      if (u.kind() == kind && u.value() instanceof Val.Field f && f.base() instanceof Val.Param p && p.index() == 0) {
        if (found != null && !found.equals(key(f))) {
          return null;
        }
        found = key(f);
      }
    }
    return found;
  }

  private String key(Val.Field f) {
    return program.fieldDeclarer(f.owner(), f.name()) + "." + f.name();
  }

  private Map<String, String> index() {
    Map<String, Set<String>> gates = new HashMap<>();
    Map<MethodRef, Integer> helpers = new HashMap<>();
    for (MethodFacts mf : program.methods()) {
      for (int i = 0; i < mf.nodes().size(); i++) {
        if (mf.nodes().get(i).op() instanceof Op.Invoke inv && !inv.args().isEmpty()
            && program.effect(inv.method()) == Models.Effect.AWAIT) {
          if (resolver.normalize(inv.args().get(0)) instanceof Val.Param p) {
            helpers.put(mf.ref(), p.index());
          } else {
            addWait(gates, mf, i, inv.args().get(0));
          }
        }
      }
    }
    if (!helpers.isEmpty()) {
      Set<MethodRef> called = new HashSet<>();
      for (MethodFacts mf : program.methods()) {
        for (int i = 0; i < mf.nodes().size(); i++) {
          if (mf.nodes().get(i).op() instanceof Op.Invoke inv && helpers.containsKey(inv.method())
              && helpers.get(inv.method()) < inv.args().size()) {
            called.add(inv.method());
            addWait(gates, mf, i, inv.args().get(helpers.get(inv.method())));
          }
        }
      }
      for (MethodRef h : helpers.keySet()) {
        if (!called.contains(h)) {
          unnamed.add(program.facts(h).paramTypes().get(helpers.get(h)));
        }
      }
    }
    Map<String, String> out = new HashMap<>();
    gates.forEach((k, v) -> {
      if (v.size() == 1) {
        out.put(k, v.iterator().next());
      }
    });
    return out;
  }

  /** Narrows the counters that gate every wait on {@code target} to those gating the wait at node {@code at}. */
  private void addWait(Map<String, Set<String>> gates, MethodFacts mf, int at, Val raw) {
    // The index is made once, maybe before the getters' summaries: an accessor is followed here.
    Val target = resolver.normalize(raw);
    if (!(target instanceof Val.Field)) {
      target = accessed(raw);
    }
    if (!(target instanceof Val.Field lock)) {
      unnamed.add(target.type());
      return;
    }
    Set<String> here = new HashSet<>();
    for (CountUse u : mf.counts()) {
      if (u.kind() != CountUse.Kind.GATE || java.util.Arrays.stream(u.nodes()).noneMatch(x -> x == at)) {
        continue;
      }
      if (u.value() instanceof Val.Field f && same(f.base(), lock.base())) {
        here.add(key(f));
      } else if (u.value() instanceof Val.Call c && c.args().size() == 1 && same(c.args().get(0), lock.base())) {
        String k = counted(c.method(), CountUse.Kind.RETURN);
        if (k != null) {
          here.add(k);
        }
      }
    }
    gates.merge(key(lock), here, (a, b) -> {
      a.retainAll(b);
      return a;
    });
  }

  private boolean same(Val a, Val b) {
    return a.equals(b) || resolver.normalize(a).equals(resolver.normalize(b));
  }

  /** {@code get(o)} as {@code o.f}, when the method called returns its first parameter's field {@code f}. */
  private Val accessed(Val v) {
    if (!(v instanceof Val.Call c) || c.args().isEmpty() || program.facts(c.method()) == null) {
      return v;
    }
    Val.Field found = null;
    for (Node n : program.facts(c.method()).nodes()) {
      if (n.op() instanceof Op.Return r) {
        if (!(r.value() instanceof Val.Field f) || !(f.base() instanceof Val.Param p) || p.index() != 0
            || found != null && !found.equals(f)) {
          return v;
        }
        found = f;
      }
    }
    return found == null ? v : new Val.Field(c.args().get(0), found.owner(), found.name(), found.type());
  }
}
