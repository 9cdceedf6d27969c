package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.List;

/**
 * The transfer function of the held-lock dataflow: what one node does to the locks held, for the
 * JDK's lock, executor and wait APIs ({@link Models}), and for application calls through their
 * summaries ({@link CallEffects}). With a summary to fill (the final pass), it also records what
 * the node acquires, as edges or summary entries.
 */
final class Transfer {
  private final Program program;
  private final Resolver resolver;
  private final LockFacts facts;
  private final Emitter emitter;
  private final Tasks tasks;
  private final Frames frames;
  private final CallEffects calls;
  private final SynchronizedWrappers wrappers;
  private final SubclassInits subclassInits;
  private final BinLocks bins;
  private final Retries retries = new Retries();

  Transfer(Program program, Resolver resolver, LockFacts facts, Emitter emitter, Tasks tasks, Frames frames,
      CallEffects calls) {
    this.program = program;
    this.resolver = resolver;
    this.facts = facts;
    this.emitter = emitter;
    this.tasks = tasks;
    this.frames = frames;
    this.calls = calls;
    this.wrappers = new SynchronizedWrappers(program);
    this.subclassInits = new SubclassInits(emitter, frames, calls.initialized());
    this.bins = new BinLocks(program, wrappers::locksReceiver);
  }

  /**
   * The held set after {@code node} completes normally. With {@code out} set, also records what the
   * node acquires (the final pass) and the signals it sends into {@code signals}.
   */
  Val exactThis(MethodRef m) {
    return resolver.exactThis(m);
  }

  /**
   * A taken flag set right after an acquisition: the locks taken there are held only where it is
   * true ({@link Op.TakenFlag}), so the false side of a test of it lets them go. Cleared, it says
   * nothing of them any more.
   */
  private HeldSet takenFlag(MethodRef m, MethodFacts mf, Op.TakenFlag t, HeldSet h) {
    Val flag = Op.TakenFlag.of(t.slot());
    if (!t.value()) {
      return h.map(x -> flag.equals(x.cond()) ? x.withCond(null) : x);
    }
    if (t.takenAt() < 0) {
      return h;
    }
    Node at = mf.nodes().get(t.takenAt());
    return h.map(x -> x.cond() == null && frames.madeAt(m, at, x.frames().head) ? x.withCond(flag) : x);
  }

  HeldSet apply(MethodFacts mf, Node node, HeldSet h, Summary out, List<Completions.Signal> signals) {
    Op op = node.op();
    MethodRef m = mf.ref();
    if (op instanceof Op.MonitorEnter me) {
      Val lock = resolver.normalize(me.lock());
      if (lock instanceof Val.Param p && p.index() == 0 && !mf.isStatic()) {
        lock = resolver.exactThis(m);
      }
      Acq a = new Acq(new LockRef(LockClass.Kind.MONITOR, lock), Mode.EXCLUSIVE, false,
          false, false, frames.trace(m, node, Frame.Kind.ACQUIRE));
      if (out != null) {
        emitter.acquire(h.held(), a, out);
      }
      return h.acquire(a.held().withFlags(Flags.of(node.guards())));
    }
    if (op instanceof Op.MonitorExit mx) {
      boolean[] found = {false};
      HeldSet r = h.release(new LockRef(LockClass.Kind.MONITOR, resolver.normalize(mx.lock())), found);
      // Structured locking: a monitorexit always ends the innermost monitor, whatever its path says.
      return found[0] ? r : h.releaseInnermost(x -> x.ref().kind() == LockClass.Kind.MONITOR);
    }
    if (op instanceof Op.TakenFlag t) {
      return takenFlag(m, mf, t, h);
    }
    if (!(op instanceof Op.Invoke call)) {
      return h;
    }
    Op.Invoke inv = LockMethodReferences.called(call, program, resolver);
    if (out != null && inv.method().name().equals("<clinit>")) {
      subclassInits.atTouch(mf, node, inv);
    }
    Models.Effect effect = program.effect(inv.method());
    List<Val> args = inv.args();
    if (effect == Models.Effect.NONE && out != null && wrappers.locksReceiver(inv)) {
      // Taken and let go within the call, as a synchronized method's monitor is.
      emitter.acquire(h.held(), new Acq(new LockRef(LockClass.Kind.MONITOR, resolver.normalize(args.get(0))),
          Mode.EXCLUSIVE, false, false, false, frames.trace(m, node, Frame.Kind.ACQUIRE)), out);
    }
    if (effect == Models.Effect.NONE || effect == Models.Effect.READ_VIEW || effect == Models.Effect.WRITE_VIEW) {
      HeldSet after = calls.apply(mf, node, inv, h, out);
      for (Op.Invoke handed : HandedFunctions.of(inv, program)) {
        after = calls.handedOff(handed, after, out);
      }
      List<Op.Invoke> runs = RunsNow.of(inv, program);
      Acq bin = out == null || !bins.locks(inv) ? null
          : new Acq(new LockRef(LockClass.Kind.BIN, resolver.normalize(args.get(0))), Mode.EXCLUSIVE, false, false,
              false, frames.trace(m, node, Frame.Kind.ACQUIRE));
      if (bin != null) {
        emitter.acquire(after.held(), bin, out);
      }
      boolean binHeld = bin != null && bins.holdsWhileRunning(inv);
      for (Op.Invoke run : runs) {
        after = calls.apply(mf, node, run, after, out, true);
        if (binHeld) {
          // Held beside the caller's locks, not above them: what the function takes is still taken
          // under those (a cycle with them needs no bin), and under the bin as well.
          calls.apply(mf, node, run, HeldSet.of(List.of(bin.held())), out, true);
        }
      }
      if (out != null && !runs.isEmpty() && !args.isEmpty() && inv.method().owner().startsWith("java/util/stream/")
          && ParallelStreams.isParallel(args.get(0))) {
        for (Op.Invoke run : runs) {
          Val function = resolver.normalize(run.args().get(0));
          tasks.submit(Tasks.COMMON_POOL, function, frames.trace(m, node, Frame.Kind.SUBMIT), out, mf);
          tasks.waitTask(h.held(), Tasks.COMMON_POOL, function, false, frames.trace(m, node, Frame.Kind.WAIT), out);
        }
      }
      return after;
    }
    if (args.isEmpty()) {
      return h;
    }
    Val recv = resolver.normalize(args.get(0));
    switch (effect) {
      case ACQUIRE, TRY_ACQUIRE, STAMPED_READ, STAMPED_WRITE: {
        boolean stamped = effect == Models.Effect.STAMPED_READ || effect == Models.Effect.STAMPED_WRITE;
        LockRef ref = resolver.lockOf(args.get(0), stamped ? LockClass.Kind.STAMPED_LOCK : LockClass.Kind.LOCK);
        Mode mode = stamped ? (effect == Models.Effect.STAMPED_READ ? Mode.SHARED : Mode.EXCLUSIVE)
            : resolver.modeOf(args.get(0));
        boolean tryLock = effect == Models.Effect.TRY_ACQUIRE;
        Acq a = new Acq(ref, mode, tryLock, false, false, frames.trace(m, node, Frame.Kind.ACQUIRE));
        if (out != null) {
          emitter.acquire(h.held(), a, out);
        }
        // tryLock's boolean says whether it took the lock: held only where it returned true.
        Held taken = tryLock && inv.returnsBoolean() ? a.held().withCond(inv.result()) : a.held();
        return h.acquire(taken.withFlags(Flags.of(node.guards())));
      }
      case RELEASE, STAMPED_RELEASE: {
        LockRef ref = resolver.lockOf(args.get(0), effect == Models.Effect.STAMPED_RELEASE
            ? LockClass.Kind.STAMPED_LOCK : LockClass.Kind.LOCK);
        return release(h, ref, out, x -> x.ref().kind() != LockClass.Kind.MONITOR
            && x.ref().kind() != LockClass.Kind.SEMAPHORE && x.ref().kind() != LockClass.Kind.COMPLETION
            && x.ref().kind() != LockClass.Kind.WORK);
      }
      case SUBMIT:
        if (out != null && args.size() >= 2) {
          tasks.submit(recv, resolver.normalize(args.get(1)), frames.trace(m, node, Frame.Kind.SUBMIT), out, mf);
        }
        return h;
      case DRAIN:
        if (out != null) {
          boolean timed = inv.method().name().equals("awaitTermination");
          emitter.acquire(h.held(), new Acq(new LockRef(LockClass.Kind.COMPLETION, recv), Mode.EXCLUSIVE, false,
              timed, false, frames.trace(m, node, Frame.Kind.WAIT)), out);
        }
        return h;
      case ASYNC:
        if (out != null) {
          Val executor = args.size() >= 2 ? resolver.normalize(args.get(1)) : Tasks.COMMON_POOL;
          tasks.submit(executor, recv, frames.trace(m, node, Frame.Kind.SUBMIT), out, mf);
        }
        return h;
      case INVOKE:
        if (out != null && args.size() >= 2) {
          Val task = resolver.normalize(args.get(1));
          tasks.submit(recv, task, frames.trace(m, node, Frame.Kind.SUBMIT), out, mf);
          tasks.waitTask(h.held(), recv, task, false, frames.trace(m, node, Frame.Kind.WAIT), out);
        }
        return h;
      case THREAD_START:
        if (out != null) {
          tasks.submit(recv, recv, frames.trace(m, node, Frame.Kind.SUBMIT), out, mf);
        }
        return h;
      case SHUTDOWN_HOOK:
        // The JVM's shutdown is an executor whose tasks are the hooks: exit drains it.
        if (out != null && args.size() >= 2) {
          tasks.submit(Tasks.SHUTDOWN_HOOKS, resolver.normalize(args.get(1)), frames.trace(m, node, Frame.Kind.SUBMIT),
              out, mf);
        }
        return h;
      case EXIT:
        if (out != null) {
          LockRef hooks = new LockRef(LockClass.Kind.COMPLETION, Tasks.SHUTDOWN_HOOKS);
          emitter.acquire(h.held(), new Acq(hooks, Mode.EXCLUSIVE, false, false, false,
              frames.trace(m, node, Frame.Kind.WAIT)), out);
        }
        return h;
      case THREAD_JOIN:
        if (out != null) {
          // join() waits on the thread object's own monitor (Thread.join is wait() in a loop):
          // a thread subclass's synchronized method joining itself lets go of its monitor meanwhile.
          Acq join = new Acq(new LockRef(LockClass.Kind.WORK, recv), Mode.EXCLUSIVE, false,
              Models.timed(inv.method()) && !retries.unbounded(mf, node), false,
              frames.trace(m, node, Frame.Kind.WAIT));
          emitter.acquire(h.without(x -> monitorOf(x, recv)), lettingGo(h, join, recv, true), out);
        }
        return h;
      case AWAIT:
        if (out != null) {
          Val own = facts.ownLock(recv, inv.method());
          // The waiter lets go of the object's own lock while it waits; the others stay held.
          // The same object may be named at two types (this narrowed to the one class that runs
          // the method, and the receiver of wait() as the bytecode has it): it is still its lock.
          List<Held> rest = h.without(x -> own != null && ownHold(x, own));
          Acq wait = new Acq(new LockRef(LockClass.Kind.COMPLETION, recv), Mode.EXCLUSIVE, false,
              Models.timed(inv.method()) && !retries.unbounded(mf, node), false,
              frames.trace(m, node, Frame.Kind.WAIT));
          emitter.acquire(rest, own == null ? wait : lettingGo(h, wait, own, false), out);
          if (inv.method().owner().equals("java/util/concurrent/CyclicBarrier")) {
            signals.add(new Completions.Signal(emitter.currentNode(), recv, null,
                frames.trace(m, node, Frame.Kind.WAIT), true));
          }
        }
        return h;
      case SIGNAL:
        if (out != null) {
          signals.add(new Completions.Signal(emitter.currentNode(), recv, facts.ownLock(recv, inv.method()),
              frames.trace(m, node, Frame.Kind.CALL)));
        }
        return h;
      case SEM_ACQUIRE, SEM_TRY_ACQUIRE: {
        if (!facts.singlePermit(recv)) {
          return h;
        }
        boolean tryLock = effect == Models.Effect.SEM_TRY_ACQUIRE;
        Acq a = new Acq(new LockRef(LockClass.Kind.SEMAPHORE, recv), Mode.EXCLUSIVE, tryLock, false, false,
            frames.trace(m, node, Frame.Kind.ACQUIRE));
        if (out != null) {
          emitter.acquire(h.held(), a, out);
        }
        if (facts.handedOff(recv) && !releasesHere(mf, recv)) {
          return h; // the permit goes with the work to another thread, which releases it
        }
        Held taken = tryLock && inv.returnsBoolean() ? a.held().withCond(inv.result()) : a.held();
        return h.acquire(taken.withFlags(Flags.of(node.guards())));
      }
      case SEM_RELEASE: {
        LockRef ref = new LockRef(LockClass.Kind.SEMAPHORE, recv);
        boolean[] found = {false};
        HeldSet r = h.release(ref, found);
        if (!found[0] && out != null && facts.singlePermit(ref.val()) && !out.releases.contains(ref)) {
          out.releases.add(ref);
        }
        return r;
      }
      case WAIT_FUTURE:
        if (out != null) {
          tasks.waitFuture(h.held(), recv, !inv.method().desc().startsWith("()"),
              frames.trace(m, node, Frame.Kind.WAIT), out);
        }
        return h;
      default:
        return h;
    }
  }

  /** Whether the method itself releases the semaphore somewhere. */
  private boolean releasesHere(MethodFacts mf, Val sem) {
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv && !inv.args().isEmpty()
          && program.effect(inv.method()) == Models.Effect.SEM_RELEASE
          && resolver.normalize(inv.args().get(0)).equals(sem)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lets go of {@code ref}. A release of a lock this method does not hold is the method's own net
   * effect for its callers (an unlock helper). A release through a value whose identity was lost
   * (a variable pointed at one of several locks on different branches) lets go of the innermost
   * held lock it could be: releasing nothing would keep a released lock held for the rest of the
   * method.
   */
  private HeldSet release(HeldSet h, LockRef ref, Summary out, java.util.function.Predicate<Held> sameKind) {
    boolean[] found = {false};
    HeldSet r = h.release(ref, found);
    if (found[0]) {
      return r;
    }
    if (ref.val() instanceof Val.Unknown) {
      return h.releaseInnermost(sameKind);
    }
    if (out != null && !out.releases.contains(ref)) {
      out.releases.add(ref);
    }
    return r;
  }

  /**
   * {@code wait} as a wait that lets go of {@code own}'s lock first: a caller holding that lock lets
   * go of it here too (wait() releases every hold of its monitor, await() its lock: derby's flush
   * holding the log while switchLogFile waits).
   *
   * @param monitorOnly let go of the object's monitor alone (join), not a {@code Lock} it is
   */
  private Acq lettingGo(HeldSet h, Acq wait, Val own, boolean monitorOnly) {
    java.util.Set<LockRef> letGo = new java.util.HashSet<>();
    Val o = resolver.normalize(own);
    letGo.add(HeldSet.erase(new LockRef(LockClass.Kind.MONITOR, o)));
    if (!monitorOnly) {
      letGo.add(HeldSet.erase(new LockRef(LockClass.Kind.LOCK, o)));
    }
    h.held().stream().filter(x -> monitorOnly ? monitorOf(x, own) : ownHold(x, own))
        .forEach(x -> letGo.add(HeldSet.erase(x.ref())));
    return wait.withReleasedBefore(letGo);
  }

  private boolean monitorOf(Held x, Val own) {
    return x.ref().kind() == LockClass.Kind.MONITOR && ownHold(x, own);
  }

  /** Whether a held lock is the waited object's own lock: the same lock class, or the same path. */
  private boolean ownHold(Held x, Val own) {
    return facts.sameLockClass(x.ref().val(), own) || Val.samePath(x.ref().val(), own);
  }

  /** The flags the guards on {@code node} set that still hold there ({@link ObjectState#flagsAt}). */
  String flagsAt(MethodFacts mf, Node node) {
    return calls.flagsAt(mf, node);
  }
}
