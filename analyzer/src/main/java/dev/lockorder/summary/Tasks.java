package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waiting for work, as lockdep's workqueues: a task handed to an executor runs holding {@code
 * (completion)executor}, then {@code (work)task}; waiting for the executor or the task acquires
 * them.
 */
final class Tasks {
  private static final int MAX_TASK_DEPTH = 8;

  /** The common pool that CompletableFuture's async methods use without an executor. */
  static final Val COMMON_POOL = new Val.Static("java/util/concurrent/ForkJoinPool", "commonPool",
      "java/util/concurrent/ForkJoinPool");

  /** The JVM's shutdown hooks, run by System.exit, which waits for them (implicit/threads/ExitUnderHookLock). */
  static final Val SHUTDOWN_HOOKS = new Val.Static("java/lang/Runtime", "shutdownHooks", "java/lang/Thread");

  private final Program program;
  private final Resolver resolver;
  private final Receivers receivers;
  private final LockNamer namer;
  private final Emitter emitter;
  private final Map<MethodRef, Summary> summaries;
  private final TaskBodies bodies;
  private final ArrayDeque<ResolvedSubmit> runs = new ArrayDeque<>();
  private final Set<List<Object>> runsSeen = new HashSet<>();

  /**
   * A task handed to an executor, both known: the task will run inside their pseudo-locks. {@code
   * made}: the arguments of the helper that made the task for an executor its caller named, or null.
   */
  private record ResolvedSubmit(Val executor, Val task, Trace frames, int depth, List<Val> made) {}

  private final LockFacts facts;
  /** Task body -> the threads it runs on: a single-thread executor's completion key, or {@link ThreadContexts#ANY}. */
  private final Map<MethodRef, Set<String>> bodyThreads = new java.util.HashMap<>();
  /** Completion keys of executors that run one task at a time, to their display names. */
  private final Map<String, String> serialExecutors = new java.util.TreeMap<>();

  Tasks(Program program, Resolver resolver, Receivers receivers, LockNamer namer, Emitter emitter,
      Map<MethodRef, Summary> summaries, LockFacts facts) {
    this.facts = facts;
    this.program = program;
    this.resolver = resolver;
    this.receivers = receivers;
    this.namer = namer;
    this.emitter = emitter;
    this.summaries = summaries;
    this.bodies = new TaskBodies(program, resolver);
  }

  /** A submit in method {@code m} itself: a task it makes there keeps {@code m}'s arguments while it waits. */
  void submit(Val executor, Val task, Trace frames, Summary out, MethodFacts m) {
    List<Val> made = null;
    if (task instanceof Val.New n && n.madeIn(m.ref())) {
      made = new ArrayList<>();
      for (int i = 0; i < m.paramTypes().size(); i++) {
        made.add(new Val.Param(i, m.paramTypes().get(i)));
      }
    }
    submit(executor, task, frames, out, 0, made, false);
  }

  /**
   * @param made what the task's maker got ({@link Summary.PendingSubmit#made}), or null
   * @param fromCallee whether the submit was waiting in a callee: only then is the work the executor's own
   */
  void submit(Val executor, Val task, Trace frames, Summary out, int depth, List<Val> made, boolean fromCallee) {
    boolean known = namer.name(new LockRef(LockClass.Kind.COMPLETION, executor), false) != null
        && !Subst.hasParam(task);
    if (known) {
      queueRun(executor, task, frames, depth, fromCallee ? made : null);
    } else {
      out.addSubmit(new Summary.PendingSubmit(executor, task, frames, made));
    }
  }

  /** At a method no one calls: its pending submits run with its parameters unknown. */
  void resolveAtRoot(Summary s) {
    for (Summary.PendingSubmit ps : s.submits.values()) {
      queueRun(Subst.forget(ps.executor()), Subst.forget(ps.task()), ps.frames(), 0,
          ps.made() == null ? null : ps.made().stream().map(Subst::forget).toList());
    }
  }

  private void queueRun(Val executor, Val task, Trace frames, int depth, List<Val> made) {
    List<Val> m = made == null ? null : made.stream().map(Subst::forget).toList();
    if (!emitter.dryRun && runsSeen.add(Arrays.asList(executor, task, m))) {
      runs.add(new ResolvedSubmit(executor, task, frames, depth, m));
    }
  }

  void waitFuture(List<Held> h, Val future, boolean timed, Trace frames, Summary out) {
    // A dependent stage completes after the stage it hangs on: waiting for it waits for that one.
    for (int i = 0; i < 8 && future instanceof Val.Call c && Models.dependentStage(c.method()) && !c.args().isEmpty(); i++) {
      future = resolver.normalize(c.args().get(0));
    }
    if (future instanceof Val.Call c && !c.args().isEmpty()) {
      Models.Effect e = program.effect(c.method());
      if (e == Models.Effect.SUBMIT && c.args().size() >= 2 && Models.returnsFuture(c.method())) {
        waitTask(h, resolver.normalize(c.args().get(0)), resolver.normalize(c.args().get(1)), timed, frames, out);
      } else if (e == Models.Effect.ASYNC) {
        Val executor = c.args().size() >= 2 ? resolver.normalize(c.args().get(1)) : COMMON_POOL;
        waitTask(h, executor, resolver.normalize(c.args().get(0)), timed, frames, out);
      }
    }
  }

  /** Waiting for one task: its (work), and its executor's (completion) when that runs one task at a time. */
  void waitTask(List<Held> h, Val executor, Val task, boolean timed, Trace frames, Summary out) {
    emitter.acquire(h, new Acq(new LockRef(LockClass.Kind.COMPLETION, executor), Mode.EXCLUSIVE, false, timed, true,
        frames), out);
    emitter.acquire(h, new Acq(new LockRef(LockClass.Kind.WORK, task), Mode.EXCLUSIVE, false, timed, false, frames),
        out);
    MethodRef here = frames.outerMethod();
    if (task instanceof Val.New n && here != null && !n.madeIn(here)) {
      // A task some callee made: it may be the work of the executor its maker's caller named.
      emitter.acquire(h, new Acq(new LockRef(LockClass.Kind.WORK, task, executor), Mode.EXCLUSIVE, false, timed,
          false, frames), out);
    }
  }

  Map<MethodRef, Set<String>> bodyThreads() {
    return bodyThreads;
  }

  Map<String, String> serialExecutors() {
    return serialExecutors;
  }

  /** Runs every known task inside (completion)executor and (work)task. */
  void runAll() {
    while (!runs.isEmpty()) {
      ResolvedSubmit r = runs.poll();
      LockClass completion = namer.name(new LockRef(LockClass.Kind.COMPLETION, r.executor()), true);
      List<Held> held = new ArrayList<>();
      held.add(new Held(new LockRef(LockClass.Kind.COMPLETION, r.executor()), Mode.EXCLUSIVE, r.frames(), false));
      // A task a helper made for the executor its caller names (a pool wrapper's schedule) is
      // that executor's work: two holders' pools run two works, as they are two completions.
      Acq work = new Acq(new LockRef(LockClass.Kind.WORK, r.task(), r.made() == null ? null : r.executor()),
          Mode.EXCLUSIVE, false, false, false, r.frames());
      emitter.emitEdge(held, work, true);
      held.add(work.held());
      if (completion == null) {
        continue;
      }
      boolean serial = facts.singleThread(r.executor());
      if (serial) {
        serialExecutors.put(completion.key(), completion.displayWithLabel());
      }
      for (TaskBodies.Body b : bodies.of(r.task())) {
        bodyThreads.computeIfAbsent(b.method(), k -> new java.util.HashSet<>())
            .add(serial ? completion.key() : ThreadContexts.ANY);
        run(r, held, b);
      }
    }
  }

  private void run(ResolvedSubmit r, List<Held> held, TaskBodies.Body b) {
    Summary s = summaries.get(b.method());
    if (s == null) {
      return;
    }
    for (Acq a : s.outer.values()) {
      if (!receivers.admits(a.bound(), b.args()) || madeExcludes(r, b, a.bound())) {
        continue;
      }
      Acq sa = resolver.substAcq(a, b.args());
      emitter.emitEdge(held, sa.withFrames(r.frames().append(a.frames())), true);
    }
    for (Summary.PendingEdge pe : s.pending.values()) {
      if (!receivers.admits(pe.acq().bound(), b.args()) || madeExcludes(r, b, pe.acq().bound())) {
        continue;
      }
      List<Held> hh = new ArrayList<>(held);
      for (Held x : pe.held()) {
        hh.add(new Held(resolver.substRef(x.ref(), b.args()), x.mode(), r.frames().append(x.frames()), x.tryLock()));
      }
      emitter.emitEdge(hh, resolver.substAcq(pe.acq(), b.args()).withFrames(r.frames().append(pe.acq().frames())),
          true);
    }
    if (r.depth() < MAX_TASK_DEPTH) {
      for (Summary.PendingSubmit ps : s.submits.values()) {
        queueRun(Subst.forget(resolver.normalize(Subst.apply(ps.executor(), b.args()))),
            Subst.forget(resolver.normalize(Subst.apply(ps.task(), b.args()))), r.frames().append(ps.frames()),
            r.depth() + 1, ps.made() == null ? null
                : ps.made().stream().map(v -> resolver.normalize(Subst.apply(v, b.args()))).toList());
      }
    }
  }

  /**
   * Whether an entry of a task body bounded on a field of the task's own object (its wrapped
   * request) cannot happen: the helper that made the task filled that field from one of its
   * arguments, and what the submitter passed there is of none of the bound's classes.
   */
  private boolean madeExcludes(ResolvedSubmit r, TaskBodies.Body b, String bound) {
    if (r.made() == null || bound == null || !(r.task() instanceof Val.New n) || b.args().isEmpty()
        || !b.args().get(0).equals(n) || Receivers.param(bound) != 0 || Receivers.field(bound) == null) {
      return false;
    }
    String f = Receivers.field(bound);
    Val got = receivers.ctorFields.filledAt(n.site(), f.substring(0, f.lastIndexOf('.')), f.substring(f.lastIndexOf('.') + 1));
    if (got == null) {
      return false;
    }
    MethodRef in = r.frames().outerMethod();
    return in != null && receivers.excluded(Receivers.classes(bound), resolver.normalize(Subst.apply(got, r.made())), in);
  }
}
