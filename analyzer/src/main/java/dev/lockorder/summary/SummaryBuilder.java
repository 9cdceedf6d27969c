package dev.lockorder.summary;

import dev.lockorder.graph.GraphBuilder;
import dev.lockorder.ir.MethodRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The summary stage: walks the call graph bottom-up (callees before callers, strongly connected
 * components iterated to a fixpoint), analyzes each method with its callees' summaries ({@link
 * MethodAnalysis}), and emits lock-graph edges as soon as both ends have a name ({@link Emitter}).
 * Then every task handed to an executor is run inside its executor's and its own pseudo-locks
 * ({@link Tasks}).
 */
public final class SummaryBuilder {
  private static final int SCC_ROUNDS = 4;
  private static final int LARGE_COMPONENT = 256;
  /**
   * Analyses per method while net effects settle, at most. Components of over {@link
   * #LARGE_COMPONENT} methods get two: four gave the same leads on orientdb, openjpa, eclipselink
   * and hibernate, and left their large components unsettled too (session 37).
   */
  private static final int NET_RUNS = 16;
  private static final int NET_RUNS_IN_LARGE_COMPONENT = 2;

  private final Program program;
  private final LockNamer namer;
  private final Map<MethodRef, Summary> summaries = new HashMap<>();
  private final Set<MethodRef> lambdaImpls = new HashSet<>();
  private final dev.lockorder.Limits limits;
  private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;
  private final int maxSummary;
  private final Emitter emitter;
  private final Tasks tasks;
  private final MethodAnalysis analysis;
  private final Resolver resolver;
  private CallGraph callGraph;
  private EntryHeld entryHeld;
  private EntryGates entryGates;
  private ArgumentOrders argumentOrders;
  private final Receivers receivers;
  /** Which methods read each field: one index for the rules that ask ({@link HolderElements}, {@link Confined}). */
  private final FieldMentions mentions;

  public SummaryBuilder(Program program, GraphBuilder graph, int maxWitnessDepth, int maxSummary,
      dev.lockorder.Limits limits) {
    this.program = program;
    this.limits = limits;
    this.maxSummary = maxSummary;
    this.namer = new LockNamer(program);
    Frames frames = new Frames(program);
    this.resolver = new Resolver(program, summaries, lambdaImpls);
    namer.candidates(resolver::candidates);
    this.mentions = program.indexes().mentions();
    this.receivers = new Receivers(program, mentions);
    LockFacts facts = new LockFacts(program, resolver, namer, lambdaImpls);
    this.emitter = new Emitter(namer, graph, facts, Math.max(4, maxWitnessDepth), limits);
    emitter.holders(resolver::isBackPointer);
    Delegates delegates = new Delegates(program);
    emitter.delegates(delegates);
    resolver.delegates(delegates);
    emitter.unpublished(new Unpublished(program, resolver));
    emitter.hasThis(f -> {
      var mf = program.facts(MethodRef.of(f.className().replace('.', '/'), f.method(), f.descriptor()));
      return mf == null || !mf.isStatic();
    });
    this.tasks = new Tasks(program, resolver, receivers, namer, emitter, summaries, facts);
    CallEffects calls = new CallEffects(program, resolver, receivers, emitter, frames, summaries);
    calls.tasks(tasks);
    Transfer transfer = new Transfer(program, resolver, facts, emitter, tasks, frames, calls);
    this.analysis = new MethodAnalysis(program, transfer, emitter, facts, frames, maxSummary, limits, resolver);
  }

  /** Which threads each method runs on, from the call graph and the tasks seen (after {@link #run}). */
  public ThreadContexts threadContexts() {
    return new ThreadContexts(program, callGraph, tasks.bodyThreads(), tasks.serialExecutors(), lambdaImpls);
  }

  /**
   * Whether field {@code back} always points from an object kept in field {@code child} to the
   * object keeping it (both as {@code declarer.name}): {@code x.child.back} is {@code x}.
   */
  public boolean inverse(String child, String back) {
    return resolver.pointsBack(child, back);
  }

  /** The field behind each lock class named by one, as {@code declarer.name}. */
  public Map<String, String> lockFields() {
    return namer.fieldOfKey();
  }

  public void run() {
    run(m -> { });
  }

  /** @param progress told how far the summaries are, every few seconds of a long run */
  public void run(java.util.function.Consumer<String> progress) {
    collectLambdaImpls();
    CallGraph cg = program.callGraph();
    this.callGraph = cg;
    ObjectsOfLocks objects = new ObjectsOfLocks(program, cg, mentions);
    emitter.objects(objects);
    // One must-analysis of held monitors, per method on demand, for both re-entry and gates.
    MonitorsHeld monitors = new MonitorsHeld(program);
    LocksHeld locks = new LocksHeld(program, cg);
    this.entryHeld = new EntryHeld(program, cg, receivers, monitors, locks, this::onlyCalledInside);
    objects.reentering(new ReenteringSites(monitors, locks, entryHeld, resolver::normalize));
    this.entryGates = new EntryGates(program, cg, namer, monitors, this::onlyCalledInside);
    this.argumentOrders = new ArgumentOrders(program, cg);
    List<List<MethodRef>> sccs = cg.sccsBottomUp();
    int total = sccs.stream().mapToInt(List::size).sum();
    progress.accept("call graph: " + total + " methods in " + sccs.size() + " components");
    int done = 0;
    long next = System.nanoTime() + PROGRESS_EVERY_NANOS;
    for (List<MethodRef> scc : sccs) {
      dev.lockorder.HeapWatch.check();
      done += scc.size();
      if (System.nanoTime() > next) {
        progress.accept("summaries: " + done + " of " + total + " methods");
        next = System.nanoTime() + PROGRESS_EVERY_NANOS;
      }
      if (uncalledPrivate(scc, cg) || overriddenEverywhere(scc, cg)) {
        scc.forEach(m -> summaries.put(m, Summary.EMPTY));
        continue;
      }
      boolean recursive = scc.size() > 1 || cg.callees(scc.get(0)).contains(scc.get(0));
      // A recursive component is iterated until its summaries stop changing (bounded); the
      // emitting pass below then runs once on the stable summaries.
      Map<MethodRef, Summary> netEffects = recursive ? settleNetEffects(scc, cg) : null;
      if (recursive) {
        iterate(scc, scc.size() > LARGE_COMPONENT ? 2 : SCC_ROUNDS, netEffects);
      }
      for (MethodRef m : scc) {
        // A static initializer also runs where its class is first touched in ways not modelled (reflection).
        boolean root = (!cg.hasOutsideCaller(m, scc) || m.name().equals("<clinit>")) && !lambdaImpls.contains(m);
        Summary s = analyze(m, true);
        if (netEffects != null) {
          s.pinNetEffect(netEffects.get(m));
        }
        summaries.put(m, s.size() == 0 ? Summary.EMPTY : s);
        if (s.capped) {
          limits.hit("maxSummary=" + maxSummary, "summary entries dropped", "--max-summary", m.toString());
        }
        if (root) {
          resolveAtRoot(s);
        }
      }
    }
    emitter.dryRun = false;
    tasks.runAll();
  }

  /**
   * Methods of an abstract class that every class the program can instantiate from it overrides,
   * and that nothing calls ({@code super.m()} would): no object runs them. hsqldb's
   * {@code SimpleStore.get(CachedObject, boolean)}, overridden by its only subclass. An abstract
   * class none of whose subclasses the program makes is an extension point and keeps its methods
   * (see Dispatch's extendedOutside).
   */
  private boolean overriddenEverywhere(List<MethodRef> scc, CallGraph cg) {
    for (MethodRef m : scc) {
      var mf = program.facts(m);
      var ci = program.classInfo(m.owner());
      if (mf == null || mf.isStatic() || (mf.access() & dev.lockorder.ir.ClassInfo.ACC_PRIVATE) != 0
          || m.name().startsWith("<") || ci == null || ci.isInterface() || !ci.isAbstract()
          || lambdaImpls.contains(m) || cg.hasOutsideCaller(m, scc)) {
        return false;
      }
      List<String> subs = program.concreteSubtypes(m.owner());
      if (subs.isEmpty()) {
        return false;
      }
      for (String c : subs) {
        if (m.equals(program.resolve(c, m.name(), m.desc()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** What the JVM itself calls, private or not (Java serialization). */
  private static final Set<String> JVM_CALLED = Set.of("readObject", "writeObject", "readObjectNoData",
      "readResolve", "writeReplace");

  /**
   * Private methods that nothing in the program calls (not a call, not a lambda or method
   * reference) are dead code, its only call commented out, say: no thread runs their locks. Only
   * reflection could, and the analysis does not follow reflection anyway.
   */
  private boolean uncalledPrivate(List<MethodRef> scc, CallGraph cg) {
    for (MethodRef m : scc) {
      var mf = program.facts(m);
      if (mf == null || (mf.access() & dev.lockorder.ir.ClassInfo.ACC_PRIVATE) == 0 || lambdaImpls.contains(m)
          || JVM_CALLED.contains(m.name()) || cg.hasOutsideCaller(m, scc)) {
        return false;
      }
    }
    return true;
  }

  private Summary analyze(MethodRef m, boolean emit) {
    resolver.enter(m);
    emitter.deferHolders(onlyCalledInside(m));
    emitter.reentered(a -> entryHeld.reentered(m, a));
    emitter.entryGates(() -> entryGates.of(m));
    emitter.fixedOrder(args -> argumentOrders.fixed(m, args));
    try {
      return analysis.analyze(program.facts(m), emit);
    } finally {
      resolver.enter(null);
      emitter.deferHolders(false);
      emitter.reentered(a -> false);
      emitter.entryGates(List::of);
      emitter.fixedOrder(args -> false);
    }
  }

  /**
   * Whether every run of {@code m} comes from a call site in the program: it has one, and it is
   * not a lambda's code or an override of a JDK or library method (which code outside calls).
   */
  private boolean onlyCalledInside(MethodRef m) {
    return callGraph != null && callGraph.hasOutsideCaller(m, List.of(m)) && !lambdaImpls.contains(m)
        && !m.name().equals("<clinit>")
        && !program.typeFlow().outside().overridesOutside(m);
  }

  /**
   * A recursive component's net effects (what each method leaves held, releases and returns),
   * iterated first and on their own: the rounds below carry acquisitions only a few calls up
   * (further, type-dispatched calls in large components turn into hub cycles), but a release
   * that stops short leaves its lock held in every caller (`releases/RecursiveUnlockChainSafe`;
   * orientdb's storage, four high and one medium false leads). Net effects are small and do not depend on
   * callees' acquisitions, so they settle within a few analyses, callees first.
   */
  private Map<MethodRef, Summary> settleNetEffects(List<MethodRef> scc, CallGraph cg) {
    Map<MethodRef, Summary> net = new HashMap<>();
    int runs = scc.size() > LARGE_COMPONENT ? NET_RUNS_IN_LARGE_COMPONENT : NET_RUNS;
    boolean settled = ComponentFixpoint.iterate(scc, cg::callees, cg::callers, m -> {
      Summary s = analyze(m, false).netEffect();
      Summary before = net.put(m, s);
      summaries.put(m, s);
      return !s.sameNetEffect(before);
    }, runs);
    if (!settled) {
      limits.hit("net-effect budget", "what recursive methods leave held or release still changing after " + runs
          + " analyses each", null, scc.get(0) + " (a component of " + scc.size() + " methods)");
    }
    return net;
  }

  /** @param netEffects the component's settled net effects, each member's pinned to its own */
  private void iterate(List<MethodRef> scc, int rounds, Map<MethodRef, Summary> netEffects) {
    for (int r = 0; r < rounds; r++) {
      boolean changed = false;
      for (MethodRef m : scc) {
        Summary before = summaries.get(m);
        Summary s = analyze(m, false);
        s.pinNetEffect(netEffects.get(m));
        summaries.put(m, s);
        changed |= !s.sameAs(before);
      }
      if (!changed) {
        return;
      }
    }
  }

  private void collectLambdaImpls() {
    lambdaImpls.addAll(program.lambdaImplsInOrder()); // a list: added one by one, in the walk's order
  }

  /** At a method no one calls, what waited for the caller's arguments is named by the types. */
  private void resolveAtRoot(Summary s) {
    for (Summary.PendingEdge pe : s.pending.values()) {
      emitter.emitEdge(pe.held(), pe.acq(), true);
    }
    tasks.resolveAtRoot(s);
  }
}
