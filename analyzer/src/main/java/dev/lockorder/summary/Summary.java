package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What callers need to know of a method, in terms of its parameters.
 *
 * <ul>
 *   <li>{@code outer}: acquisitions made while the method itself holds nothing, so that a caller
 *       holding L adds L -> each (lockdep adds edges only from the innermost held lock);
 *   <li>{@code pending}: edges whose lock classes depend on the caller's arguments;
 *   <li>{@code submits}: tasks handed to executors, where the executor or task is an argument;
 *   <li>{@code exitHeld} and {@code releases}: the net effect of lock wrappers such as a {@code
 *       lock()} helper;
 *   <li>{@code ret}: the returned value when it is always the same path (getters).
 * </ul>
 */
final class Summary {
  /**
   * Entries kept per kind at most. Beyond it further acquisitions are dropped (and the run says
   * so): a method that reaches hundreds of lock classes would otherwise copy them into every caller.
   */
  private final int cap;

  Summary(int cap) {
    this.cap = cap;
  }

  /** Set when a cap dropped something. */
  boolean capped;

  final Map<List<Object>, Acq> outer = new LinkedHashMap<>();
  final Map<List<Object>, PendingEdge> pending = new LinkedHashMap<>();
  final Map<List<Object>, PendingSubmit> submits = new LinkedHashMap<>();
  final List<Held> exitHeld = new ArrayList<>();
  final List<LockRef> releases = new ArrayList<>();
  Val ret;

  static final Summary EMPTY = new Summary(0);

  /** An edge waiting for the caller's arguments: {@code held}'s last entry to {@code acq}. */
  record PendingEdge(List<Held> held, Acq acq) {}

  /**
   * A task handed to an executor, waiting for the caller's arguments. {@code made}: for a task the
   * submitting method made itself, that method's arguments in this summary's terms (what its
   * constructor got is among them); null otherwise.
   */
  record PendingSubmit(Val executor, Val task, Trace frames, List<Val> made) {}

  /**
   * Whether two summaries say the same to callers (witness frames aside): what a recursive
   * component's fixpoint compares, since two summaries of one size can differ (an exit-held lock
   * traded for a release).
   */
  boolean sameAs(Summary o) {
    return o != null && outer.keySet().equals(o.outer.keySet()) && pending.keySet().equals(o.pending.keySet())
        && submits.keySet().equals(o.submits.keySet())
        && exitHeld.stream().map(Held::ref).toList().equals(o.exitHeld.stream().map(Held::ref).toList())
        && releases.equals(o.releases) && java.util.Objects.equals(ret, o.ret)
        && outer.keySet().stream().allMatch(k -> java.util.Objects.equals(outer.get(k).owner(), o.outer.get(k).owner())
            && outer.get(k).gates().equals(o.outer.get(k).gates()))
        && pending.keySet().stream().allMatch(
            k -> java.util.Objects.equals(pending.get(k).acq().owner(), o.pending.get(k).acq().owner())
                && pending.get(k).acq().gates().equals(o.pending.get(k).acq().gates())
                && java.util.Objects.equals(topOwner(pending.get(k)), topOwner(o.pending.get(k))));
  }

  /**
   * Only the net effect: what the method leaves held, what it releases, what it returns. Of the
   * releases only those a caller can name are kept (the rule {@code exitHeld} follows): the others
   * can never meet a lock the caller holds, and in components of thousands of methods they grew
   * into lists thousands long that every caller then applied (openjpa 9 s to 20 s).
   */
  Summary netEffect() {
    Summary s = new Summary(cap);
    s.exitHeld.addAll(exitHeld);
    for (LockRef r : releases) {
      if (MethodAnalysis.nameable(r.val())) {
        s.releases.add(r);
      }
    }
    s.ret = ret;
    return s;
  }

  boolean sameNetEffect(Summary o) {
    return o != null && exitHeld.stream().map(Held::ref).toList().equals(o.exitHeld.stream().map(Held::ref).toList())
        && releases.equals(o.releases) && java.util.Objects.equals(ret, o.ret);
  }

  /** Replaces this summary's net effect with {@code net}'s. */
  void pinNetEffect(Summary net) {
    exitHeld.clear();
    exitHeld.addAll(net.exitHeld);
    releases.clear();
    releases.addAll(net.releases);
    ret = net.ret;
  }

  private static String topOwner(PendingEdge e) {
    return e.held().get(e.held().size() - 1).owner();
  }

  /** Nothing a caller records: no acquisition, pending edge or submit (its net effect aside). */
  boolean affectsNoCaller() {
    return outer.isEmpty() && pending.isEmpty() && submits.isEmpty();
  }

  int size() {
    return outer.size() + pending.size() + submits.size() + exitHeld.size() + releases.size()
        + (ret == null ? 0 : 1);
  }

  /** Keeps the shorter witness of two for the same key, so the same cycle reports its shortest path. */
  static boolean shorter(Trace a, Trace b) {
    return Trace.compare(a, b) < 0;
  }

  void addOuter(Acq a) {
    addOuter(a, (x, y) -> null);
  }

  /**
   * Adds an acquisition. Two that differ only in the anchor of a cut path keep one witness and an
   * anchor both lie below ({@code meet}; null: none).
   */
  void addOuter(Acq a, java.util.function.BinaryOperator<Val> meet) {
    List<Object> k = List.of(a.ref(), a.mode(), a.tryLock(), a.timed(), a.ifSingleThread(),
        a.bound() == null ? "" : a.bound(), a.flags());
    Acq old = outer.get(k);
    if (old == null && outer.size() >= cap) {
      capped = true;
      return;
    }
    if (old != null && !java.util.Objects.equals(old.anchor(), a.anchor())) {
      Val both = meet.apply(old.anchor(), a.anchor());
      a = a.withRef(a.ref(), both);
      old = old.withRef(old.ref(), both);
      outer.put(k, old);
    }
    if (old != null && !java.util.Objects.equals(old.owner(), a.owner())) {
      String both = OwnerBounds.joinOwners(old.owner(), a.owner()); // either path's owner
      a = a.withOwner(both);
      old = old.withOwner(both);
      outer.put(k, old);
    }
    if (old != null && !old.gates().equals(a.gates())) {
      a = a.meetGates(old); // reached both ways: only the gates both passed hold it
      old = old.meetGates(a);
      outer.put(k, old);
    }
    if (old == null || shorter(a.frames(), old.frames())) {
      outer.put(k, a);
    }
  }

  void addPending(PendingEdge e, java.util.function.BinaryOperator<Val> meet) {
    Held top = e.held().get(e.held().size() - 1);
    List<Object> k = List.of(top.ref(), top.mode(), e.acq().ref(), e.acq().mode(), e.acq().ifSingleThread(),
        e.acq().bound() == null ? "" : e.acq().bound(), e.acq().flags());
    PendingEdge old = pending.get(k);
    if (old == null && pending.size() >= cap) {
      capped = true;
      return;
    }
    if (old != null && !java.util.Objects.equals(old.acq().anchor(), e.acq().anchor())) {
      Val both = meet.apply(old.acq().anchor(), e.acq().anchor());
      e = new PendingEdge(e.held(), e.acq().withRef(e.acq().ref(), both));
      old = new PendingEdge(old.held(), old.acq().withRef(old.acq().ref(), both));
      pending.put(k, old);
    }
    if (old != null && !java.util.Objects.equals(old.acq().owner(), e.acq().owner())) {
      String both = OwnerBounds.joinOwners(old.acq().owner(), e.acq().owner());
      e = new PendingEdge(e.held(), e.acq().withOwner(both));
      old = new PendingEdge(old.held(), old.acq().withOwner(both));
      pending.put(k, old);
    }
    Held oldTop = old == null ? null : old.held().get(old.held().size() - 1);
    if (oldTop != null && !java.util.Objects.equals(oldTop.owner(), top.owner())) {
      String both = OwnerBounds.joinOwners(oldTop.owner(), top.owner()); // the held lock's, either path's
      e = new PendingEdge(withTopOwner(e.held(), both), e.acq());
      old = new PendingEdge(withTopOwner(old.held(), both), old.acq());
      pending.put(k, old);
    }
    if (old != null && !old.acq().gates().equals(e.acq().gates())) {
      e = new PendingEdge(e.held(), e.acq().meetGates(old.acq()));
      old = new PendingEdge(old.held(), old.acq().meetGates(e.acq()));
      pending.put(k, old);
    }
    if (old == null || shorter(e.acq().frames(), old.acq().frames())) {
      pending.put(k, e);
    }
  }

  private static List<Held> withTopOwner(List<Held> held, String owner) {
    List<Held> out = new java.util.ArrayList<>(held);
    out.set(out.size() - 1, out.get(out.size() - 1).withOwner(owner));
    return out;
  }

  void addSubmit(PendingSubmit s) {
    List<Object> k = List.of(s.executor(), s.task(), s.made() == null ? List.of() : s.made());
    PendingSubmit old = submits.get(k);
    if (old == null && submits.size() >= cap) {
      capped = true;
      return;
    }
    if (old == null || shorter(s.frames(), old.frames())) {
      submits.put(k, s);
    }
  }
}
