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
 * <p>Invariant: no lock is both held and released.
 */
record HeldSet(List<Held> held, Set<LockRef> released) {
  static final HeldSet EMPTY = new HeldSet(List.of(), Set.of());

  static HeldSet of(List<Held> held) {
    return new HeldSet(List.copyOf(held), Set.of());
  }

  boolean holds(LockRef ref) {
    for (Held h : held) {
      if (h.ref().equals(ref)) {
        return true;
      }
    }
    return false;
  }

  /** Takes {@code x}; a lock already held is re-entered (the hold count is not tracked). */
  HeldSet acquire(Held x) {
    Set<LockRef> rel = released;
    if (rel.contains(x.ref())) {
      rel = new HashSet<>(rel);
      rel.remove(x.ref());
    }
    for (Held y : held) {
      if (y.ref().equals(x.ref())) {
        if (y.cond() != null && x.cond() == null) {
          return new HeldSet(replace(y, x.withFrames(y.frames())), rel);
        }
        return rel == released ? this : new HeldSet(held, rel);
      }
    }
    List<Held> h = new ArrayList<>(held);
    h.add(x);
    return new HeldSet(h, rel);
  }

  /** Lets go of the innermost held lock whose value is {@code ref}'s; remembers it released either way. */
  HeldSet release(LockRef ref, boolean[] found) {
    List<Held> h = held;
    for (int i = held.size() - 1; i >= 0; i--) {
      if (held.get(i).ref().val().equals(ref.val())) {
        h = new ArrayList<>(held);
        LockRef gone = h.remove(i).ref();
        found[0] = true;
        return new HeldSet(h, with(released, gone));
      }
    }
    return new HeldSet(h, with(released, ref));
  }

  /** Lets go of the innermost held lock of one of {@code kinds}: a release whose lock is unknown. */
  HeldSet releaseInnermost(java.util.function.Predicate<Held> which) {
    for (int i = held.size() - 1; i >= 0; i--) {
      if (which.test(held.get(i))) {
        List<Held> h = new ArrayList<>(held);
        LockRef gone = h.remove(i).ref();
        return new HeldSet(h, with(released, gone));
      }
    }
    return this;
  }

  /** The locks held when {@code value} turned out false or null: those taken on its success leave. */
  HeldSet failed(dev.lockorder.ir.Val value) {
    List<Held> h = new ArrayList<>(held.size());
    for (Held x : held) {
      if (!value.equals(x.cond())) {
        h.add(x);
      }
    }
    return h.size() == held.size() ? this : new HeldSet(h, released);
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

  /** The join of two states reaching one point; {@code a} may be null (nothing reached yet). */
  static HeldSet join(HeldSet a, HeldSet b) {
    if (a == null || a.equals(b)) {
      return b;
    }
    List<Held> h = new ArrayList<>();
    for (Held x : a.held) {
      Held y = find(b.held, x);
      if (y != null) {
        h.add(x.cond() != null && y.cond() == null || x.cond() != null && !x.cond().equals(y.cond())
            ? x.withCond(null) : x);
      } else if (!b.released.contains(x.ref())) {
        h.add(x);
      }
    }
    for (Held y : b.held) {
      if (find(a.held, y) == null && !a.released.contains(y.ref())) {
        h.add(y);
      }
    }
    Set<LockRef> rel = a.released;
    if (!a.released.containsAll(b.released)) {
      rel = new HashSet<>(a.released);
      rel.addAll(b.released);
    }
    return new HeldSet(h, rel);
  }

  private static Held find(List<Held> in, Held x) {
    for (Held y : in) {
      if (y.ref().equals(x.ref()) && y.mode() == x.mode()) {
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

  private static Set<LockRef> with(Set<LockRef> s, LockRef r) {
    if (s.contains(r)) {
      return s;
    }
    Set<LockRef> out = new HashSet<>(s);
    out.add(r);
    return out;
  }
}
