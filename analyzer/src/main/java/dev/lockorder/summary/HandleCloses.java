package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Closing the handle a lock-taking call returned lets go of what that call left held, when every
 * code a call on the handle's type can run either releases a lock or does nothing with locks:
 * jaybird's blob takes its database's lock through {@code withLock()}, which returns the
 * connection's {@code lock::unlock}, or a no-op closeable when there is no database (and no lock
 * taken), and {@code try (LockCloseable c = withLock())} closes whichever it got. The handle's two
 * values are lost in one call result, so {@link LockMethodReferences} cannot name the lock; the
 * held lock's condition (the call's result, {@link CallEffects}) ties the two together instead.
 */
final class HandleCloses {
  private final Program program;
  private final Map<MethodRef, Summary> summaries;
  /** Settled answers only: a summary not made yet may still be (a recursive component's first round). */
  private final Map<MethodRef, Boolean> closers = new HashMap<>();

  HandleCloses(Program program, Map<MethodRef, Summary> summaries) {
    this.program = program;
    this.summaries = summaries;
  }

  /** {@code h} less the locks held where {@code inv}'s receiver is the handle, when {@code inv} closes it. */
  HeldSet apply(Op.Invoke inv, HeldSet h) {
    if (inv.args().isEmpty() || !(inv.kind().equals("interface") || inv.kind().equals("virtual"))) {
      return h;
    }
    Val handle = inv.args().get(0);
    if (h.held().stream().noneMatch(x -> handle.equals(x.cond()) && x.ref().kind() == LockClass.Kind.LOCK)) {
      return h;
    }
    Boolean closes = closers.get(inv.method());
    if (closes == null) {
      closes = closes(inv.method());
      if (closes == null) {
        return h;
      }
      closers.put(inv.method(), closes);
    }
    if (!closes) {
      return h;
    }
    return h.releaseAllBut(x -> !(handle.equals(x.cond()) && x.ref().kind() == LockClass.Kind.LOCK));
  }

  /**
   * Whether every code {@code m} can run, a lambda's or a class's, releases a lock or touches none,
   * and one releases; null while a summary it needs is not made.
   */
  private Boolean closes(MethodRef m) {
    boolean releases = false;
    for (Val.Lambda l : program.lambdasByType().getOrDefault(m.owner(), List.of())) {
      if (!l.sam().equals(m.name())) {
        continue;
      }
      if (program.facts(l.impl()) != null && summaries.get(l.impl()) == null) {
        return null;
      }
      Boolean r = program.facts(l.impl()) == null ? jdkReleases(l.impl()) : releasesOrNothing(l.impl());
      if (r == null) {
        return false;
      }
      releases |= r;
    }
    for (String c : program.concreteSubtypes(m.owner())) {
      MethodRef t = program.resolve(c, m.name(), m.desc());
      if (t != null && program.facts(t) != null && summaries.get(t) == null) {
        return null;
      }
      Boolean r = t == null ? null : releasesOrNothing(t);
      if (r == null) {
        return false;
      }
      releases |= r;
    }
    return releases;
  }

  /** A JDK method a reference names: true for a lock's release, null for anything else it does to locks. */
  private Boolean jdkReleases(MethodRef impl) {
    Models.Effect e = program.effect(impl);
    return e == Models.Effect.RELEASE ? Boolean.TRUE : e == Models.Effect.NONE ? Boolean.FALSE : null;
  }

  /** True where the summary releases a lock and takes none, false where it touches none, null otherwise. */
  private Boolean releasesOrNothing(MethodRef t) {
    Summary s = summaries.get(t);
    if (s == null || s.capped || !s.outer.isEmpty() || !s.pending.isEmpty() || !s.exitHeld.isEmpty()) {
      return null;
    }
    return !s.releases.isEmpty();
  }
}
