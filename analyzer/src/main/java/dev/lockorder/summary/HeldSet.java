package dev.lockorder.summary;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lattice of the held-lock dataflow: the locks that may be held at a point (innermost last),
 * and the locks that some path to that point released and did not take again.
 *
 * <p>The join is a may-hold union with one exception, the rule that keeps released locks
 * released: a lock held on one incoming path and released on another is not held after the join.
 * So a lock-all loop followed by an unlock-all loop leaves nothing held, and a variable that is
 * unlocked on one branch and re-pointed at another lock does not keep the first. The price: code
 * that releases a lock on one branch only and keeps working under it on the other loses the edges
 * taken after the join (unsound, and rare).
 *
 * <p>Locks are compared with their types left out ({@link #erase}): a lock taken through a field
 * read at one type and released through the same path at another is one lock. The released set
 * holds erased locks. Invariant: no lock is both held and released.
 *
 * <p>{@code foreign} is the part of {@code released} that the method let go of without holding it:
 * its callers' locks, which an acquisition after that point is not made under.
 */
record HeldSet(List<Held> held, Set<LockRef> released, Set<LockRef> foreign) {
  static HeldSet of(List<Held> held) {
    return new HeldSet(List.copyOf(held), Set.of(), Set.of());
  }

  boolean holds(LockRef ref) {
    for (Held h : held) {
      if (same(h.ref(), ref)) {
        return true;
      }
    }
    return false;
  }

  /** Whether two locks are one once their types are left out. */
  static boolean same(LockRef a, LockRef b) {
    return a.kind() == b.kind() && dev.lockorder.ir.Val.sameErased(a.val(), b.val());
  }

  /** A lock with its types left out: the same object seen at two types is one lock. */
  static LockRef erase(LockRef r) {
    return new LockRef(r.kind(), dev.lockorder.ir.Val.erase(r.val()), r.on());
  }

  /** Takes {@code x}; a lock already held is re-entered (the hold count is not tracked). */
  HeldSet acquire(Held x) {
    Set<LockRef> rel = released;
    Set<LockRef> fgn = foreign;
    LockRef e = rel.isEmpty() ? null : erase(x.ref());
    if (e != null && rel.contains(e)) {
      rel = new HashSet<>(rel);
      rel.remove(e);
    }
    if (e != null && fgn.contains(e)) {
      fgn = new HashSet<>(fgn);
      fgn.remove(e);
    }
    LockRef f = fgn.isEmpty() ? null : fieldOf(x.ref());
    if (f != null && fgn.contains(f)) {
      fgn = fgn == foreign ? new HashSet<>(fgn) : fgn;
      fgn.remove(f);
    }
    for (Held y : held) {
      if (same(y.ref(), x.ref())) {
        if (y.cond() != null && x.cond() == null) {
          return new HeldSet(replace(y, x.withFrames(y.frames())), rel, fgn);
        }
        return rel == released && fgn == foreign ? this : new HeldSet(held, rel, fgn);
      }
    }
    List<Held> h = new ArrayList<>(held);
    h.add(x);
    return new HeldSet(h, rel, fgn);
  }

  /** Lets go of the innermost held lock whose value is {@code ref}'s; remembers it released either way. */
  HeldSet release(LockRef ref, boolean[] found) {
    for (int i = held.size() - 1; i >= 0; i--) {
      if (dev.lockorder.ir.Val.sameErased(held.get(i).ref().val(), ref.val())) {
        List<Held> h = new ArrayList<>(held);
        LockRef gone = h.remove(i).ref();
        found[0] = true;
        return new HeldSet(h, with(released, erase(gone)), foreign);
      }
    }
    // One lock field reached by paths that name it differently (a strategy's lock taken on
    // `this` and released through `config.getReliabilityStrategy()`, the config being the one the
    // strategy returned): the thread holds the lock it unlocks (unlocking another throws), and
    // which of the held ones that is cannot be told, so each of them goes.
    List<Held> h = null;
    Set<LockRef> rel = released;
    for (Held x : held) {
      if (sameField(x.ref(), ref)) {
        h = h == null ? new ArrayList<>(held) : h;
        h.remove(x);
        rel = with(rel, erase(x.ref()));
      }
    }
    if (h != null) {
      found[0] = true;
      return new HeldSet(h, with(rel, erase(ref)), foreign);
    }
    if (released.contains(erase(ref)) && !foreign.contains(erase(ref))) {
      // This method's own lock, let go of already on this path under another name (the unlock in
      // its finally after a callee released it through another path), not a caller's.
      found[0] = true;
      return this;
    }
    LockRef field = fieldOf(ref);
    Set<LockRef> fgn = with(foreign, erase(ref));
    return new HeldSet(held, with(released, erase(ref)), field == null ? fgn : with(fgn, field));
  }

  /**
   * The field a lock lives in, whatever object holds it: the field's name, the class it is read at
   * and its type, with no object ({@link #isFieldOf}); null for a lock not in a field. A caller's
   * lock let go of by a callee is marked so too (in {@code foreign}), so that a caller naming it
   * through another path still finds it let go of, as {@link #release} does
   * ({@code releases/ReleasedThroughCalleesPathSafe}).
   */
  static LockRef fieldOf(LockRef r) {
    return r.val() instanceof dev.lockorder.ir.Val.Field f && !f.owner().isEmpty()
        ? new LockRef(r.kind(), new dev.lockorder.ir.Val.Field(dev.lockorder.ir.Val.ERASED_UNKNOWN, f.owner(),
            f.name(), f.type()))
        : null;
  }

  /** Whether {@code r} is a field with no object, as {@link #fieldOf} makes. */
  static boolean isFieldOf(LockRef r) {
    return r.val() instanceof dev.lockorder.ir.Val.Field f && f.base() == dev.lockorder.ir.Val.ERASED_UNKNOWN
        && !f.owner().isEmpty();
  }

  /**
   * Two locks in one field, read at one class, on objects named differently: one lock class.
   * Fields of one name in two classes (a connection's {@code lock} and its statement's) are not.
   */
  private static boolean sameField(LockRef a, LockRef b) {
    return a.kind() == b.kind() && a.val() instanceof dev.lockorder.ir.Val.Field x
        && b.val() instanceof dev.lockorder.ir.Val.Field y && x.name().equals(y.name()) && x.owner().equals(y.owner())
        && x.type().equals(y.type());
  }

  /** Lets go of the innermost held lock of one of {@code kinds}: a release whose lock is unknown. */
  HeldSet releaseInnermost(java.util.function.Predicate<Held> which) {
    for (int i = held.size() - 1; i >= 0; i--) {
      if (which.test(held.get(i))) {
        List<Held> h = new ArrayList<>(held);
        LockRef gone = h.remove(i).ref();
        return new HeldSet(h, with(released, erase(gone)), foreign);
      }
    }
    return this;
  }

  /** Lets go of every held lock but those {@code kept}, without remembering them as released. */
  HeldSet releaseAllBut(java.util.function.Predicate<Held> kept) {
    List<Held> h = new ArrayList<>(held.size());
    for (Held x : held) {
      if (kept.test(x)) {
        h.add(x);
      }
    }
    return h.size() == held.size() ? this : new HeldSet(h, released, foreign);
  }

  /**
   * The locks held when {@code value} turned out false or null: those taken on its success leave.
   * The value is compared with its types left out: a handle cast to its class before the null
   * test ({@code r = (Replicator) id.lock(); if (r == null) return;}) is the call's result.
   */
  HeldSet failed(dev.lockorder.ir.Val value) {
    List<Held> h = new ArrayList<>(held.size());
    for (Held x : held) {
      if (x.cond() == null || !dev.lockorder.ir.Val.sameErased(value, x.cond())) {
        h.add(x);
      }
    }
    return h.size() == held.size() ? this : new HeldSet(h, released, foreign);
  }

  /** Each held lock as {@code f} has it (its condition changed, say); the rest as it was. */
  HeldSet map(java.util.function.UnaryOperator<Held> f) {
    List<Held> h = null;
    for (int i = 0; i < held.size(); i++) {
      Held x = f.apply(held.get(i));
      if (x != held.get(i)) {
        h = h == null ? new ArrayList<>(held) : h;
        h.set(i, x);
      }
    }
    return h == null ? this : new HeldSet(h, released, foreign);
  }

  /** Locks a wait lets go of for its duration: what is held while waiting. */
  List<Held> without(java.util.function.Predicate<Held> gone) {
    List<Held> out = new ArrayList<>();
    for (Held x : held) {
      if (!gone.test(x)) {
        out.add(x);
      }
    }
    return out;
  }

  /**
   * What is held when a call throws: what was held before it, less what the call let go of. A
   * call that throws has not taken what it would have, but its releases stand: they sit in {@code
   * finally} blocks, or throw only when the lock was not held (an {@code unlock()} helper that
   * "throws" a checked exception its handler catches would otherwise keep the lock held there).
   */
  static HeldSet thrown(HeldSet before, HeldSet after) {
    List<Held> h = new ArrayList<>(before.held.size());
    for (Held x : before.held) {
      if (after.holds(x.ref())) {
        h.add(x);
      }
    }
    if (h.size() == before.held.size()) {
      return before;
    }
    Set<LockRef> rel = new HashSet<>(before.released);
    rel.addAll(after.released);
    return new HeldSet(h, rel, union(before.foreign, after.foreign));
  }

  /** The join of two states reaching one point; {@code a} may be null (nothing reached yet). */
  static HeldSet join(HeldSet a, HeldSet b) {
    if (a == null || a.equals(b)) {
      return b;
    }
    List<Held> h = new ArrayList<>();
    for (Held x : a.held) {
      Held y = find(b.held, x);
      if (y != null) {
        Held z = x.cond() != null && y.cond() == null || x.cond() != null && !x.cond().equals(y.cond())
            ? x.withCond(null) : x;
        h.add(z.withFlags(Flags.common(x.flags(), y.flags())));
      } else if (b.released.isEmpty() || !b.released.contains(erase(x.ref()))) {
        h.add(x);
      }
    }
    for (Held y : b.held) {
      if (find(a.held, y) == null && (a.released.isEmpty() || !a.released.contains(erase(y.ref())))) {
        h.add(y);
      }
    }
    return new HeldSet(h, union(a.released, b.released), union(a.foreign, b.foreign));
  }

  private static Held find(List<Held> in, Held x) {
    for (Held y : in) {
      if (y.mode() == x.mode() && same(y.ref(), x.ref())) {
        return y;
      }
    }
    return null;
  }

  private List<Held> replace(Held old, Held now) {
    List<Held> h = new ArrayList<>(held);
    h.set(h.indexOf(old), now);
    return h;
  }

  private static Set<LockRef> union(Set<LockRef> a, Set<LockRef> b) {
    if (a.containsAll(b)) {
      return a;
    }
    if (b.containsAll(a)) {
      return b;
    }
    Set<LockRef> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  private static Set<LockRef> with(Set<LockRef> s, LockRef r) {
    if (s.contains(r)) {
      return s;
    }
    Set<LockRef> out = new HashSet<>(s);
    out.add(r);
    return out;
  }
}
