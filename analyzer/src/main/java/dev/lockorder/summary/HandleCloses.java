package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;

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
    if (h.held().stream().noneMatch(x -> handle.equals(x.cond()) && explicit(x))) {
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
    return h.releaseAllBut(x -> !(handle.equals(x.cond()) && explicit(x)));
  }

  /** A lock a handle can let go of: a {@code Lock}, or either side of a read-write lock (unboundid's {@code lockRead()}). */
  private static boolean explicit(Held x) {
    return x.ref().kind() == LockClass.Kind.LOCK || x.ref().kind() == LockClass.Kind.READ_WRITE_LOCK;
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
      for (MethodRef impl : runs(l)) {
        if (program.facts(impl) != null && summaries.get(impl) == null) {
          return null;
        }
        Boolean r = program.facts(impl) == null ? jdkReleases(impl) : releasesOrNothing(impl);
        if (r == null) {
          return false;
        }
        releases |= r;
      }
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

  /**
   * The code a lambda runs: its own body, or for a reference to an abstract application method
   * ({@code this::unlock} in an abstract cache, xodus' {@code ObjectCacheBase}), every override the
   * program's concrete subclasses have.
   */
  private List<MethodRef> runs(Val.Lambda l) {
    MethodRef impl = l.impl();
    boolean virtual = l.implTag() == Opcodes.H_INVOKEVIRTUAL || l.implTag() == Opcodes.H_INVOKEINTERFACE;
    ClassInfo ci = program.classInfo(impl.owner());
    ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(impl.signature());
    if (!virtual || mi == null || !mi.isAbstract() || !program.isApplication(impl.owner())) {
      return List.of(impl);
    }
    List<MethodRef> out = new java.util.ArrayList<>();
    for (String c : program.concreteSubtypes(impl.owner())) {
      MethodRef t = program.resolve(c, impl.name(), impl.desc());
      if (t == null) {
        return List.of(impl); // inherited from outside the inputs: not known
      }
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out.isEmpty() ? List.of(impl) : out;
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
