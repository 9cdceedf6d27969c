package dev.lockorder.summary;

import dev.lockorder.ir.CountUse;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bit locks whose owner signals the waiters (jsr166e's ConcurrentHashMapV8, ehcache's copy of it):
 * a thread locks a bin by a CAS that sets a bit of the first node's {@code hash} ({@code
 * casHash(fh, fh | LOCKED)}); a waiter waits on the node itself only while {@code (hash & WAITING)
 * == WAITING}, tested under the node's monitor; the owner puts back {@code fh} and, if marked,
 * notifies under that monitor. Such a waiter waits for a thread between its locking CAS and its
 * unlock, so a signaller owes it the signal only there: what it locks before (making room in a
 * pool, evicting) or after letting go (the next round of a retry loop) holds no waiter up. Found
 * only when every wait, program-wide, on an object that may be of the signalled object's type is
 * reached only through such a test of bits of a field of the waited object itself, and the
 * signaller sets some of the bits each test reads, on the object it signals. A thread that signals
 * without such a CAS (a hand-off) keeps its whole path.
 */
final class BitGates {
  private static final String OBJECT = "java/lang/Object";
  private final Program program;
  private final Resolver resolver;
  /** Each wait in the program. */
  private List<Wait> waits;
  private final Map<String, Boolean> aliasing = new HashMap<>();

  /**
   * A wait: the types its object may have (exact when it is known where it was made), and the bits
   * it is gated by, by field.
   */
  private record Wait(List<String> types, boolean exact, Map<String, Long> gates) {}

  BitGates(Program program, Resolver resolver) {
    this.program = program;
    this.resolver = resolver;
  }

  /**
   * The nodes of {@code mf} that owe a signal on {@code target}: those from its stores into the
   * field whose bits gate every wait on such objects, once one of them sets those bits; null when
   * the facts do not say (then the whole method before the signal owes it).
   */
  BitSet owed(MethodFacts mf, Val target) {
    if (mf.counts().stream().noneMatch(u -> u.kind() == CountUse.Kind.RAISE)) {
      return null;
    }
    if (waits == null) {
      waits = index();
    }
    String type = resolver.normalize(target).type();
    Map<String, List<Long>> gates = null;
    for (Wait w : waits) {
      if (w.types().stream().noneMatch(t -> w.exact() ? program.supertypes(t).contains(type) : mayAlias(t, type))) {
        continue;
      }
      if (gates == null) {
        gates = new HashMap<>();
        for (String k : w.gates().keySet()) {
          gates.put(k, new ArrayList<>());
        }
      }
      gates.keySet().retainAll(w.gates().keySet());
      gates.forEach((k, masks) -> masks.add(w.gates().get(k)));
    }
    if (gates == null || gates.isEmpty()) {
      return null;
    }
    List<Integer> starts = new ArrayList<>();
    java.util.Set<Integer> raises = new java.util.HashSet<>();
    List<Val> expected = new ArrayList<>();
    boolean raised = false;
    for (CountUse u : mf.counts()) {
      if (u.value() instanceof Val.Field f && gates.containsKey(key(f)) && same(f.base(), target)) {
        if (u.kind() == CountUse.Kind.RAISE && sets(u.bits(), gates.get(key(f)))) {
          starts.addAll(java.util.Arrays.stream(u.nodes()).boxed().toList());
          raised = true;
        } else if (u.kind() != CountUse.Kind.GATE && u.kind() != CountUse.Kind.BITS && u.kind() != CountUse.Kind.RETURN) {
          return null; // a plain store: it may set the bits anywhere
        }
      } else if (u.kind() == CountUse.Kind.RAISE && u.value() instanceof Val.Call c) {
        String k = stored(c.method(), c.args(), true);
        if (k != null && gates.containsKey(k) && same(receiver(c.method(), c.args()), target)
            && sets(u.bits(), gates.get(k))) {
          raises.add(u.nodes()[0]);
          raised = true;
          if (c.method().desc().endsWith("Z") && c.args().size() >= 3) {
            expected.add(c.args().get(c.args().size() - 2)); // casHash(fh, fh | LOCKED) expects fh
          }
        }
      }
    }
    if (!raised) {
      return null; // a method that signals without taking the bits keeps its whole path
    }
    // Held from a raise's success on, up to a CAS putting back the value it expected, where that
    // CAS succeeds (no waiter had marked the bits, or it could not have succeeded); any other store
    // through a call may raise too. A plain store of the expected value (HASH.set(f, fh)) lets the
    // bits go, but waiters already waiting still wait for the signal: it is owed on to the next
    // signal on the object (then released).
    java.util.Set<Integer> lowers = new java.util.HashSet<>();
    java.util.Set<Integer> releases = new java.util.HashSet<>();
    ArrayDeque<Integer> work = new ArrayDeque<>(starts);
    ArrayDeque<Integer> after = new ArrayDeque<>();
    BitSet owed = new BitSet(mf.nodes().size());
    for (int i = 0; i < mf.nodes().size(); i++) {
      if (mf.nodes().get(i).op() instanceof Op.Invoke inv) {
        String k = stored(inv.method(), inv.args(), false);
        if (k == null || !gates.containsKey(k) || !same(receiver(inv.method(), inv.args()), target)) {
          continue;
        }
        Node test = success(mf, i);
        if (raises.contains(i)) {
          owed.set(i);
          if (test != null) {
            owed.set(mf.nodes().get(i).succs()[0]);
          }
          push(work, test != null ? test.succs() : mf.nodes().get(i).succs());
        } else if (expected.contains(inv.args().get(inv.args().size() - 1)) && cas(inv.method()) && test != null) {
          lowers.add(i);
        } else if (expected.contains(inv.args().get(inv.args().size() - 1)) && plain(inv.method(), inv.args())) {
          releases.add(i);
        } else {
          work.add(i);
        }
      }
    }
    BitSet held = new BitSet(mf.nodes().size());
    while (!work.isEmpty()) {
      int x = work.poll();
      if (x < 0 || x >= mf.nodes().size() || held.get(x)) {
        continue;
      }
      if (raises.contains(x)) {
        // Raised again while held: two bins the facts cannot tell apart (two elements of one
        // array, a loop taking several), and an unlock may be the other one's.
        return null;
      }
      held.set(x);
      owed.set(x);
      Node n = mf.nodes().get(x);
      push(work, n.exc());
      if (releases.contains(x)) {
        push(after, n.succs());
        push(after, n.alt());
      } else if (!lowers.contains(x)) {
        push(work, n.succs());
        push(work, n.alt());
      } else {
        owed.set(n.succs()[0]);
        push(work, success(mf, x).alt()); // the CAS failed: still held
      }
    }
    BitSet released = new BitSet(mf.nodes().size());
    while (!after.isEmpty()) {
      int x = after.poll();
      if (x < 0 || x >= mf.nodes().size() || released.get(x) || held.get(x)) {
        continue;
      }
      released.set(x);
      owed.set(x);
      Node n = mf.nodes().get(x);
      push(after, n.exc());
      if (!(n.op() instanceof Op.Invoke inv && program.effect(inv.method()) == Models.Effect.SIGNAL
          && !inv.args().isEmpty() && same(inv.args().get(0), target))) {
        push(after, n.succs());
        push(after, n.alt());
      }
    }
    return owed;
  }

  /** Whether a call is a CAS that returns whether it stored: a handle's, or an accessor's. */
  private boolean cas(MethodRef m) {
    return m.desc().endsWith(")Z") && (m.name().contains("ompareAndSet") || program.facts(m) != null);
  }

  /** Whether a call stores its last argument whatever the field held: a set, or an accessor doing one. */
  private boolean plain(MethodRef m, List<Val> args) {
    if (HandleStores.written(m, args, program) != null) {
      return HandleStores.WRITES.contains(m.name()) && !m.name().contains("ompareAnd");
    }
    return m.desc().endsWith(")V") && stored(m, args, true) != null;
  }

  private static void push(ArrayDeque<Integer> work, int[] nodes) {
    for (int t : nodes) {
      work.add(t);
    }
  }

  /** The test of the call at node {@code i}'s result, right after it, or null. */
  private static Node success(MethodFacts mf, int i) {
    Node n = mf.nodes().get(i);
    if (n.succs().length != 1 || !(n.op() instanceof Op.Invoke inv)) {
      return null;
    }
    Node t = mf.nodes().get(n.succs()[0]);
    return t.op() instanceof Op.Test test && test.value() instanceof Val.Call c && c.method().equals(inv.method())
        && c.args().equals(inv.args()) ? t : null;
  }

  /** Whether bits {@code set} meet the bits of each wait's test. */
  private static boolean sets(long set, List<Long> masks) {
    return masks.stream().allMatch(m -> (m & set) != 0);
  }

  /**
   * The field (its key) a call stores into its receiver: a write through a field updater or a
   * handle, or a method that does one on its first parameter; with {@code last}, only a store of
   * the call's last argument (what a raise's {@code x | C} is).
   */
  private String stored(MethodRef m, List<Val> args, boolean last) {
    String[] f = HandleStores.written(m, args, program);
    if (f != null) {
      // Only a set or a CAS stores its last argument as it is.
      return last && !HandleStores.WRITES.contains(m.name()) ? null : program.fieldDeclarer(f[0], f[1]) + "." + f[1];
    }
    MethodFacts callee = program.facts(m);
    if (callee == null || args.isEmpty()) {
      return null;
    }
    int value = args.size() - 1;
    String found = null;
    for (FieldStore st : callee.stores()) {
      if (st.base() instanceof Val.Param p && p.index() == 0
          && (!last || st.value() instanceof Val.Param v && v.index() == value)) {
        found = agree(found, program.fieldDeclarer(st.owner(), st.name()) + "." + st.name());
      }
    }
    for (Node n : callee.nodes()) {
      if (n.op() instanceof Op.Invoke inv && (f = HandleStores.written(inv.method(), inv.args(), program)) != null
          && inv.args().get(1) instanceof Val.Param p && p.index() == 0 && (!last
              || HandleStores.WRITES.contains(inv.method().name())
                  && inv.args().get(inv.args().size() - 1) instanceof Val.Param v && v.index() == value)) {
        found = agree(found, program.fieldDeclarer(f[0], f[1]) + "." + f[1]);
      }
    }
    return "".equals(found) ? null : found;
  }

  /** One field, or "" once two differ. */
  private static String agree(String found, String k) {
    return found == null || found.equals(k) ? k : "";
  }

  /** The object a store call writes to: a handle's second argument, an accessor's receiver. */
  private Val receiver(MethodRef m, List<Val> args) {
    return HandleStores.written(m, args, program) != null ? args.get(1) : args.get(0);
  }

  private List<Wait> index() {
    List<Wait> out = new ArrayList<>();
    for (MethodFacts mf : program.methods()) {
      for (int i = 0; i < mf.nodes().size(); i++) {
        if (mf.nodes().get(i).op() instanceof Op.Invoke inv && !inv.args().isEmpty()
            && program.effect(inv.method()) == Models.Effect.AWAIT) {
          Val waited = inv.args().get(0);
          Map<String, Long> gates = new HashMap<>();
          for (CountUse u : mf.counts()) {
            int at = i;
            if (u.kind() == CountUse.Kind.BITS && u.value() instanceof Val.Field f && same(f.base(), waited)
                && java.util.Arrays.stream(u.nodes()).anyMatch(x -> x == at) && underMonitor(mf, u, waited)) {
              gates.merge(key(f), u.bits(), (a, b) -> a | b);
            }
          }
          Val named = resolver.normalize(waited);
          List<String> made = made(named);
          out.add(new Wait(made != null ? made : List.of(named.type()), made != null, gates));
        }
      }
    }
    return out;
  }

  /**
   * The classes of the objects a waited field may hold, when every store into it is an allocation
   * ({@code private final Object lock = new Object()}); else null.
   */
  private List<String> made(Val waited) {
    if (waited instanceof Val.Field || waited instanceof Val.Static) {
      List<Val> made = program.valuesOf(waited);
      if (!made.isEmpty() && made.stream().allMatch(v -> v instanceof Val.New)) {
        return made.stream().map(Val::type).distinct().toList();
      }
    }
    return null;
  }

  /**
   * Whether a test is made holding the waited object's monitor: the method is synchronized on it,
   * or some entry into that monitor comes before the test rather than only through it. A test
   * made before taking the monitor may be stale at the wait (the owner may have let go and
   * signalled in between; the waiter then waits for a later owner, from before its CAS).
   */
  private boolean underMonitor(MethodFacts mf, CountUse test, Val waited) {
    if (mf.isSynchronized() && !mf.isStatic() && waited instanceof Val.Param p
        && p.index() == 0) {
      return true;
    }
    for (int i = 0; i < mf.nodes().size(); i++) {
      int at = i;
      if (mf.nodes().get(i).op() instanceof Op.MonitorEnter me && same(me.lock(), waited)
          && java.util.Arrays.stream(test.nodes()).noneMatch(x -> x == at)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether objects of the two types may be one: one is the other's supertype, or a class the
   * program has is both (an interface and a class).
   */
  private boolean mayAlias(String a, String b) {
    if (a == null || b == null || a.equals(b) || a.equals(OBJECT) || b.equals(OBJECT)
        || !a.startsWith("[") && !b.startsWith("[") && (program.supertypes(a).contains(b) || program.supertypes(b).contains(a))) {
      return true;
    }
    if (a.startsWith("[") || b.startsWith("[")) {
      return false;
    }
    return aliasing.computeIfAbsent(a.compareTo(b) < 0 ? a + " " + b : b + " " + a,
        k -> program.classes().keySet().stream().anyMatch(c -> program.supertypes(c).containsAll(List.of(a, b))));
  }

  private String key(Val.Field f) {
    return program.fieldDeclarer(f.owner(), f.name()) + "." + f.name();
  }

  private boolean same(Val a, Val b) {
    return a.equals(b) || resolver.normalize(a).equals(resolver.normalize(b));
  }
}
