package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which threads each method may run on, when the code says so: a task body handed only to one
 * single-thread executor runs on that executor's one thread, and so does everything it calls; a
 * method annotated {@code @UiThread} or {@code @MainThread} (any package's) runs on the main
 * thread. Everything else may run on any thread ({@link #ANY}): methods nothing in the program
 * calls, lambdas and overrides of JDK or library methods (their callers are outside), and what
 * they call. A cycle whose every edge runs only on one and the same thread needs two threads to
 * deadlock and has one: it is not reported.
 */
public final class ThreadContexts {
  public static final String ANY = "*";
  static final String MAIN = "@MainThread";

  private final Program program;
  private final CallGraph cg;
  private final Map<MethodRef, Set<String>> bodyThreads;
  private final Map<String, String> serialExecutors;
  private final Set<MethodRef> lambdaImpls;
  private final Outside outside;
  private Map<MethodRef, Set<String>> threads;

  ThreadContexts(Program program, CallGraph cg, Map<MethodRef, Set<String>> bodyThreads,
      Map<String, String> serialExecutors, Set<MethodRef> lambdaImpls) {
    this.program = program;
    this.cg = cg;
    this.bodyThreads = bodyThreads;
    this.serialExecutors = serialExecutors;
    this.lambdaImpls = lambdaImpls;
    this.outside = program.typeFlow().outside();
  }

  /**
   * The one thread that every run of a dependency is confined to, or null: {@code origins} as
   * {@link dev.lockorder.graph.GraphBuilder#origins} gives them.
   */
  public String thread(Set<String> origins) {
    String only = null;
    for (String o : origins) {
      Set<String> ts;
      if (o.startsWith("t:")) {
        String key = o.substring(2);
        ts = serialExecutors.containsKey(key) ? Set.of(key) : Set.of(ANY);
      } else {
        String m = o.substring(2);
        int dot = m.lastIndexOf('.', m.indexOf('('));
        ts = of(MethodRef.of(m.substring(0, dot), m.substring(dot + 1, m.indexOf('(')), m.substring(m.indexOf('('))));
      }
      if (ts.size() != 1 || ts.contains(ANY) || only != null && !ts.contains(only)) {
        return null;
      }
      only = ts.iterator().next();
    }
    return only;
  }

  /** A thread as a reader knows it: the executor's pseudo-lock, or the main thread. */
  public String display(String thread) {
    return thread.equals(MAIN) ? "the main thread (@UiThread, @MainThread)"
        : "the one thread of " + serialExecutors.getOrDefault(thread, thread);
  }

  Set<String> of(MethodRef m) {
    if (threads == null) {
      threads = compute();
    }
    return threads.getOrDefault(m, Set.of(ANY));
  }

  /** Asked once per call edge of the fixpoint: each method's answer is kept. */
  private final Map<MethodRef, Boolean> mainThread = new HashMap<>();

  /**
   * The classes that carry such an annotation or have a method that does, found in one pass: most
   * programs have none, and the methods of the others need no lookup by a signature string.
   */
  private Set<String> annotated;

  private boolean mainThread(MethodRef m) {
    Set<String> annotated = annotated();
    return !annotated.isEmpty() && annotated.contains(m.owner()) && mainThread.computeIfAbsent(m, this::annotatedMain);
  }

  private Set<String> annotated() {
    if (annotated == null) {
      annotated = new HashSet<>();
      program.classes().forEach((name, ci) -> {
        boolean any = named(ci.annotations());
        for (ClassInfo.MethodInfo mi : ci.methods().values()) {
          any |= !mi.annotations().isEmpty() && named(mi.annotations());
        }
        if (any) {
          annotated.add(name);
        }
      });
    }
    return annotated;
  }

  private boolean annotatedMain(MethodRef m) {
    ClassInfo ci = program.classInfo(m.owner());
    if (ci == null) {
      return false;
    }
    ClassInfo.MethodInfo mi = ci.methods().get(m.signature());
    return mi != null && named(mi.annotations()) || named(ci.annotations());
  }

  private static boolean named(Set<String> annotations) {
    for (String d : annotations) {
      String simple = d.substring(Math.max(d.lastIndexOf('/'), d.lastIndexOf('$')) + 1);
      if (simple.equals("UiThread;") || simple.equals("MainThread;")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Seeds, then what each method's threads pass to its callees, to a fixpoint (sets only grow).
   * A set holding {@link #ANY} says no more than {@link #ANY} alone: it is kept as one shared set.
   */
  private Map<MethodRef, Set<String>> compute() {
    if (annotated().isEmpty() && bodyThreads.values().stream().allMatch(ANY_SET::containsAll)) {
      // No method is seeded with one thread: every one that runs runs on any (most programs).
      return Map.of();
    }
    Map<MethodRef, Set<String>> out = new HashMap<>();
    ArrayDeque<MethodRef> work = new ArrayDeque<>();
    for (MethodRef m : cg.edges().keySet()) {
      Set<String> seed = new HashSet<>();
      if (mainThread(m)) {
        seed.add(MAIN);
      } else {
        seed.addAll(bodyThreads.getOrDefault(m, Set.of()));
        boolean calledHere = cg.hasOutsideCaller(m, java.util.List.of());
        if (!calledHere && !bodyThreads.containsKey(m) || outside.overridesOutside(m)
            || lambdaImpls.contains(m) && !bodyThreads.containsKey(m)) {
          seed.add(ANY);
        }
      }
      if (!seed.isEmpty()) {
        out.put(m, seed.contains(ANY) ? ANY_SET : seed);
        work.add(m);
      }
    }
    while (!work.isEmpty()) {
      MethodRef m = work.poll();
      Set<String> mine = out.get(m);
      for (MethodRef c : cg.callees(m)) {
        Set<String> theirs = out.get(c);
        if (theirs == ANY_SET || mainThread(c)) {
          continue; // nothing to add; or it says where it runs, whoever calls it
        }
        if (mine == ANY_SET) {
          out.put(c, ANY_SET);
          work.add(c);
        } else if (theirs == null) {
          out.put(c, new HashSet<>(mine));
          work.add(c);
        } else if (theirs.addAll(mine)) {
          work.add(c);
        }
      }
    }
    return out;
  }

  private static final Set<String> ANY_SET = Set.of(ANY);
}
