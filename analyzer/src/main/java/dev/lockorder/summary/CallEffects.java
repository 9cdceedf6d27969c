package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A call into application code, through each target's summary: its acquisitions under the
 * caller's held locks, its pending edges and submits in the caller's terms, and its net effect on
 * the locks held (what it releases, what it leaves held).
 */
final class CallEffects {
  private final Program program;
  private final Resolver resolver;
  private final Receivers receivers;
  private final Emitter emitter;
  private final Frames frames;
  private final Map<MethodRef, Summary> summaries;
  private Tasks tasks;

  CallEffects(Program program, Resolver resolver, Receivers receivers, Emitter emitter, Frames frames,
      Map<MethodRef, Summary> summaries) {
    this.program = program;
    this.resolver = resolver;
    this.receivers = receivers;
    this.emitter = emitter;
    this.frames = frames;
    this.summaries = summaries;
    this.enumCases = Flags.cases(program);
    this.objectState = new ObjectState(program);
    this.initialized = new InitializedHere(program);
    this.handleCloses = new HandleCloses(program, summaries);
  }

  private final ObjectState objectState;
  private final InitializedHere initialized;
  private final HandleCloses handleCloses;

  /** Which classes a method never waits to initialize (shared with {@link SubclassInits}). */
  InitializedHere initialized() {
    return initialized;
  }
  private final Retries retries = new Retries();

  private final Flags.EnumCases enumCases;

  /** The flags the guards on {@code node} set that still hold there ({@link ObjectState#flagsAt}). */
  String flagsAt(MethodFacts mf, Node node) {
    return objectState.flagsAt(mf, node);
  }

  void tasks(Tasks t) {
    this.tasks = t;
  }

  HeldSet apply(MethodFacts mf, Node node, Op.Invoke inv, HeldSet h, Summary out) {
    return apply(mf, node, inv, h, out, false);
  }

  /** @param runByJdk the call is one a JDK method makes on the function it was given ({@link RunsNow}) */
  HeldSet apply(MethodFacts mf, Node node, Op.Invoke inv, HeldSet h, Summary out, boolean runByJdk) {
    HeldSet result = h;
    MethodRef m = mf.ref();
    String nodeFlags = null;
    Flags.ArgumentState state = null;
    Flags.Settled settled = null;
    for (MethodRef t : resolver.calls().targetsOf(inv, m)) {
      if (notAnInstance(node, inv, t)) {
        continue;
      }
      Summary s = summaries.get(t);
      if (s == null) {
        // Same recursive component, first round: the callee may be the unlock helper of what
        // this method holds. Assume it lets go of every lock but monitors (which a callee cannot
        // release): a lock wrongly kept here would go round the component under ever longer
        // paths and never cancel (h2's MVStore.tryCommit and unlockAndCheckPanicCondition).
        result = result.releaseAllBut(x -> x.ref().kind() == dev.lockorder.graph.LockClass.Kind.MONITOR);
        continue;
      }
      if (s.releases.isEmpty() && s.exitHeld.isEmpty() && (out == null || s.affectsNoCaller())) {
        // Nothing held changes; the final pass records only acquisitions, pending edges and
        // submits, so a callee without them is skipped before its arguments are normalized.
        continue;
      }
      if (state == null) {
        state = objectState.at(mf, node);
        nodeFlags = objectState.flagsAt(mf, node);
        settled = Flags.settled(program, mf, program.fieldsChangedLater());
      }
      List<Val> actual = resolver.calls().actuals(inv, t);
      Frame call = frames.frame(m, node, program.guessed(inv) ? Frame.Kind.GUESSED_CALL
          : program.elementGuessed(inv) ? Frame.Kind.GUESSED_ELEMENT_CALL
          : runByJdk ? Frame.Kind.RUN_BY_JDK : Frame.Kind.CALL);
      if (out != null) {
        record(mf, node, inv, t, s, actual, call, h.held(), out, state);
      }
      for (LockRef r : s.releases) {
        LockRef mine = resolver.substRef(r, actual);
        boolean[] found = {false};
        result = result.release(mine, found);
        if (!found[0] && out != null && !out.releases.contains(mine)) {
          out.releases.add(mine); // an unlock helper calling an unlock helper is one too
        }
      }
      for (Held x : s.exitHeld) {
        // A lock the callee leaves held only for some constants is not held after this call if
        // it passes another (a helper taking the read or the write side by its argument).
        String flags = Flags.inCaller(x.flags(), actual, mf.flagWrites(), enumCases, state);
        flags = flags == null ? null : Flags.meet(flags, nodeFlags, settled);
        if (flags == null) {
          continue;
        }
        // A lock left held by a call that returns a handle (try (AutoLock l = lock.lock())) or a
        // success flag is held where that result is non-null or true; a branch on it says so.
        Val cond = inv.returnsReference() || x.cond() != null && inv.returnsBoolean() ? inv.result() : null;
        LockRef ref = resolver.substRef(x.ref(), actual);
        if (Val.root(ref.val()) instanceof Val.Returned ret) {
          // The callee's result is what this call produced: the caller names it so.
          ref = new LockRef(ref.kind(), resolver.normalize(Val.rebase(ref.val(), ret, inv.result())));
        }
        result = result.acquire(new Held(ref, x.mode(), x.frames().prepend(call), x.tryLock(), cond, flags));
      }
    }
    // After the targets' own releases, which name the lock when they can: what is still held is the handle's.
    return handleCloses.apply(inv, result);
  }

  /**
   * What a function handed to outside code ({@link HandedFunctions}) lets go of, of the locks no
   * thread owns: let go of here. Nothing it takes is recorded: it runs later, on whatever thread
   * runs it, under none of this method's locks.
   */
  HeldSet handedOff(Op.Invoke run, HeldSet h, Summary out) {
    // The lambda's own body is the one target; most let go of nothing, so look before normalizing.
    MethodRef body = ((Val.Lambda) run.args().get(0)).impl();
    Summary s = summaries.get(body);
    if (s == null || s.releases.isEmpty()) {
      return h;
    }
    HeldSet result = h;
    List<Val> actual = null;
    for (LockRef r : s.releases) {
      if (!HandedFunctions.ownerless(r.kind())) {
        continue;
      }
      actual = actual == null ? resolver.calls().actuals(run, body) : actual;
      LockRef mine = resolver.substRef(r, actual);
      boolean[] found = {false};
      result = result.release(mine, found);
      if (!found[0] && out != null && !out.releases.contains(mine)) {
        out.releases.add(mine); // the caller's stamp, handed over here
      }
    }
    return result;
  }

  /**
   * Whether the call's receiver is a parameter that every path here found not to be an instance of
   * a class that target {@code t} belongs to: an object running {@code t} is one of {@code t}'s
   * class, so that class or a subclass ({@code if (p instanceof Own) { .. } else { p.length(); }}
   * never runs {@code Own.length}).
   */
  private boolean notAnInstance(Node node, Op.Invoke inv, MethodRef t) {
    if (inv.args().isEmpty() || !(inv.args().get(0) instanceof Val.Param p) || program.isStaticMethod(t)) {
      return false;
    }
    for (dev.lockorder.ir.Guard g : node.guards()) {
      if (g instanceof dev.lockorder.ir.NotTypeGuard n && n.param() == p.index() && program.isSubtype(t.owner(), n.type())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@link Receivers#rebound}, or {@link Receivers#DROP} when the entry needs a receiver of classes
   * that the call's own receiver type ({@code recvType}, the type the call names) rules out.
   */
  private String rebound(String bound, String callBound, List<Val> actual, MethodFacts mf, String recvType) {
    if (recvType != null && receivers.ruledOutBy(bound, recvType)) {
      return Receivers.DROP;
    }
    return receivers.rebound(bound, callBound, actual, mf);
  }

  /** The owner bound of {@code t}'s entry {@code a} once the call has run {@code t} ({@link OwnerBounds}). */
  private String ownerAfter(Acq a, MethodRef t, String recvType) {
    return emitter.owners() == null ? a.owner() : emitter.owners().ownerAfter(a, t, recvType);
  }

  /** The callee's released-before set in the caller's terms. */
  private Acq releasedInCaller(Acq substituted, Acq a, List<Val> actual) {
    if (a.releasedBefore().isEmpty()) {
      return substituted;
    }
    java.util.Set<LockRef> mine = new java.util.HashSet<>();
    for (LockRef r : a.releasedBefore()) {
      mine.add(HeldSet.isFieldOf(r) ? r : HeldSet.erase(resolver.substRef(r, actual)));
    }
    return substituted.withReleasedBefore(mine);
  }

  /**
   * The caller's held locks, with what a virtual call on its own {@code this} tells of their owner:
   * the object runs {@code t}, so it is of a class that does ({@link OwnerBounds}).
   */
  private List<Held> ranOnThis(List<Held> h, MethodFacts mf, Op.Invoke inv, List<Val> actual, MethodRef t,
      String ranOn) {
    if (h.isEmpty() || emitter.owners() == null || ranOn == null || mf.isStatic() || actual.isEmpty()
        || !(actual.get(0) instanceof Val.Param p && p.index() == 0)
        || !(inv.kind().equals("virtual") || inv.kind().equals("interface"))) {
      return h;
    }
    List<Held> out = new ArrayList<>(h.size());
    h.forEach(x -> out.add(emitter.owners().ownerAfter(x, t, ranOn)));
    return out;
  }

  /**
   * The caller's held locks less those the callee let go of before the acquisition: named alike, or
   * in the same field when the callee's release of that field names none of them (one lock reached
   * through two paths, as {@link HeldSet#release} takes it: jraft's {@code id.lock()} and the
   * {@code r.id.unlock()} of the replicator it returned).
   */
  private static List<Held> stillHeld(List<Held> h, Acq a) {
    java.util.Set<LockRef> before = a.releasedBefore();
    if (before.isEmpty() || h.isEmpty()) {
      return h;
    }
    List<Held> out = new ArrayList<>(h.size());
    for (Held x : h) {
      if (before.contains(HeldSet.erase(x.ref()))) {
        continue;
      }
      LockRef field = HeldSet.fieldOf(x.ref());
      if (field != null && before.contains(field) && !namedHeld(h, before, field)) {
        continue;
      }
      out.add(x);
    }
    return out;
  }

  /** Whether some held lock of {@code field} is among {@code before} by its own name. */
  private static boolean namedHeld(List<Held> h, java.util.Set<LockRef> before, LockRef field) {
    for (Held y : h) {
      if (field.equals(HeldSet.fieldOf(y.ref())) && before.contains(HeldSet.erase(y.ref()))) {
        return true;
      }
    }
    return false;
  }

  private void record(MethodFacts mf, Node node, Op.Invoke inv, MethodRef t, Summary s, List<Val> actual, Frame call, List<Held> h,
      Summary out, Flags.ArgumentState state) {
    Val recv = actual.isEmpty() || program.isStaticMethod(t) ? null : actual.get(0);
    // A constructor's locks on the object it builds: no other thread can see that object yet.
    Val fresh = t.name().equals("<init>") && recv instanceof Val.New ? recv : null;
    int lambda = resolver.calls().lambdaParam(inv, t);
    String callBound = s.outer.isEmpty() && s.pending.isEmpty() ? null
        : lambda >= 0 ? receivers.lambdaBound(lambda, t) : receivers.callBound(t, actual, mf);
    String recvType = lambda >= 0 || inv.kind().equals("static") ? null : inv.method().owner();
    // The class the call names holds the receiver only when the call itself runs t (not a JDK
    // method running a function it was given).
    String ranOn = recvType != null && t.name().equals(inv.method().name()) && t.desc().equals(inv.method().desc())
        ? recvType : null;
    h = ranOnThis(h, mf, inv, actual, t, ranOn);
    for (Acq a : s.outer.values()) {
      if (initialized.skips(a, mf.ref())) {
        continue; // a class this thread has initialized, or is initializing, by the time it runs here
      }
      String b = rebound(a.bound(), callBound, actual, mf, recvType);
      if (b != Receivers.DROP) {
        String flags = Flags.inCaller(a.flags(), actual, mf.flagWrites(), enumCases, state);
        if (flags == null) {
          continue; // a constant argument rules it out
        }
        Acq mine = releasedInCaller(resolver.substAcq(a, actual), a, actual).withFlags(flags).withOwner(ownerAfter(a, t, ranOn));
        if (fresh != null && ownedBy(mine.ref().val(), fresh)) {
          continue;
        }
        if (mine.timed() && retries.unbounded(mf, node, program.facts(t))) {
          mine = mine.untimed(); // the caller's loop waits again after each timeout
        }
        emitter.acquire(stillHeld(h, mine), mine.withFrames(a.frames().prepend(call)).withBound(b), out);
      }
    }
    for (Summary.PendingEdge pe : s.pending.values()) {
      String b = rebound(pe.acq().bound(), callBound, actual, mf, recvType);
      if (b == Receivers.DROP) {
        continue;
      }
      String flags = Flags.inCaller(pe.acq().flags(), actual, mf.flagWrites(), enumCases, state);
      if (flags == null) {
        continue;
      }
      Acq mine = releasedInCaller(resolver.substAcq(pe.acq(), actual), pe.acq(), actual).withFlags(flags)
          .withOwner(ownerAfter(pe.acq(), t, ranOn));
      if (fresh != null && ownedBy(mine.ref().val(), fresh)) {
        continue;
      }
      if (mine.timed() && retries.unbounded(mf, node, program.facts(t))) {
        mine = mine.untimed();
      }
      List<Held> held = new ArrayList<>(stillHeld(h, mine));
      for (Held x : pe.held()) {
        LockRef r = resolver.substRef(x.ref(), actual);
        if (fresh == null || !ownedBy(r.val(), fresh)) {
          String owner = emitter.owners() == null ? x.owner() : emitter.owners().ownerAfter(x, t, ranOn).owner();
          held.add(new Held(r, x.mode(), x.frames().prepend(call), x.tryLock()).withOwner(owner));
        }
      }
      if (held.isEmpty()) {
        emitter.acquire(held, mine.withFrames(pe.acq().frames().prepend(call)).withBound(b), out);
      } else {
        emitter.edge(held, mine.withFrames(pe.acq().frames().prepend(call)).withBound(b), out);
      }
    }
    for (Summary.PendingSubmit ps : s.submits.values()) {
      tasks.submit(resolver.normalize(Subst.apply(ps.executor(), actual)),
          resolver.normalize(Subst.apply(ps.task(), actual)), ps.frames().prepend(call), out, 0,
          ps.made() == null ? null : ps.made().stream().map(v -> resolver.normalize(Subst.apply(v, actual))).toList(),
          true);
    }
  }

  /**
   * Whether a value is an object made on the spot (or null): an allocation, or the result of a static
   * factory every return of which is one ({@code Server.createTcpServer} returning {@code new
   * Server(new TcpServer(), args)}). As for constructors, a factory that publishes what it makes
   * before returning it is not noticed.
   */
  private boolean fresh(Val v, int depth) {
    if (v instanceof Val.New || Val.isNull(v)) {
      return true; // null holds no lock
    }
    if (!(v instanceof Val.Call c) || depth > 2 || !program.isStaticMethod(c.method())) {
      return false;
    }
    dev.lockorder.ir.MethodFacts mf = program.facts(program.resolve(c.method().owner(), c.method().name(),
        c.method().desc()));
    if (mf == null) {
      return false;
    }
    boolean any = false;
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Return r && r.value() != null) {
        if (!fresh(r.value(), depth + 1)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /**
   * Whether a lock is the new object's own: the object itself, or reached through a field that
   * only ever holds objects allocated for it ({@code this.lock = new ReentrantLock()}). A field
   * filled with a shared object (h2's {@code TableLink.conn}, a connection from the database's
   * cache, locked while the constructor connects) is another thread's lock too.
   */
  private boolean ownedBy(Val v, Val fresh) {
    Val x = v;
    while (!x.equals(fresh)) {
      if (x instanceof Val.Field f) {
        if (f.base().equals(fresh)) {
          for (dev.lockorder.ir.FieldStore st : program.storesOf(program.fieldDeclarer(f.owner(), f.name()), f.name())) {
            if (!fresh(st.value(), 0)) {
              return false;
            }
          }
          return true;
        }
        x = f.base();
      } else if (x instanceof Val.Elem e) {
        x = e.array();
      } else {
        return false;
      }
    }
    return true;
  }
}
