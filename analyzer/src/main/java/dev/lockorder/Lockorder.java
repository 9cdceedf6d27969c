package dev.lockorder;

import dev.lockorder.bytecode.ClassScanner;
import dev.lockorder.bytecode.ScannedClass;
import dev.lockorder.cycles.CycleFinder;
import dev.lockorder.cycles.Finding;
import dev.lockorder.cycles.Suppressions;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.GraphBuilder;
import dev.lockorder.input.ClassFile;
import dev.lockorder.input.InputReader;
import dev.lockorder.input.Inputs;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.summary.Program;
import dev.lockorder.summary.SummaryBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The analysis pipeline, one plain function per stage: class files, per-method lock facts,
 * summaries over the call graph, the lock graph, cycles. Reports are rendered from the result by
 * {@code dev.lockorder.report}.
 */
public final class Lockorder {

  private Lockorder() {}

  /**
   * Runs the whole analysis.
   *
   * @throws InputReader.InputException when an input path cannot be analyzed at all (missing, or a
   *     folder without classes): a usage error, exit code 2
   */
  public static AnalysisResult analyze(AnalysisConfig config) throws InputReader.InputException {
    // No local keeps the Inputs: the class bytes can be collected as soon as they are scanned.
    return analyze(InputReader.read(config.inputs(), config.classpath()), config);
  }

  /**
   * The program as the summary stage sees it (classes, facts, hierarchy), without analyzing it:
   * for cross-checks of the call graph and lock sites against an independent frontend.
   */
  public static Program program(AnalysisConfig config) throws InputReader.InputException {
    Inputs inputs = InputReader.read(config.inputs(), config.classpath());
    List<Diagnostic> diags = new ArrayList<>();
    Map<String, ClassInfo> classes = new LinkedHashMap<>();
    Map<MethodRef, MethodFacts> methods = new LinkedHashMap<>();
    for (ScannedClass sc : scanAll(inputs.classes(), 1, diags)) {
      if (classes.putIfAbsent(sc.info().name(), sc.info()) == null && !sc.info().library()) {
        sc.methods().forEach(mf -> methods.put(mf.ref(), mf));
      }
    }
    return new Program(classes, methods);
  }

  /** The pipeline from class files on; inputs already read (tests and fuzzing start here). */
  public static AnalysisResult analyze(Inputs inputs, AnalysisConfig config) {
    // One frame, so that dropping the inputs below really lets their bytes go.
    try (HeapWatch watch = HeapWatch.start()) {
      List<Diagnostic> diags = new ArrayList<>(inputs.diagnostics());
      int skipped = inputs.skipped();
      List<ClassFile> files = inputs.classes();
      inputs = null; // the class bytes are not needed once scanned: let them go

      // Stage 1: class files to facts, in parallel; results kept in input order.
      int fileCount = files.size();
      config.progress().accept("read " + fileCount + " class files");
      List<ScannedClass> scanned = scanAll(files, config.threads(), diags);
      files = null;
      skipped += fileCount - scanned.size();

      Map<String, ClassInfo> classes = new LinkedHashMap<>();
      Map<MethodRef, MethodFacts> methods = new LinkedHashMap<>();
      int appClasses = 0;
      int libClasses = 0;
      for (ScannedClass sc : scanned) {
        ClassInfo ci = sc.info();
        ClassInfo first = classes.get(ci.name());
        if (first != null) {
          diags.add(new Diagnostic("duplicate-class", ci.origin(),
              "duplicate class " + ci.name().replace('/', '.') + ": the first, from " + first.origin() + ", is used"));
          continue;
        }
        diags.addAll(sc.diagnostics());
        boolean included = !ci.library() && PackageFilter.accepts(ci.name(), config.includes(), config.excludes());
        classes.put(ci.name(), included ? ci : asLibrary(ci));
        if (included) {
          appClasses++;
          for (MethodFacts mf : sc.methods()) {
            methods.put(mf.ref(), mf);
          }
        } else {
          libClasses++;
        }
      }

      // Stage 2: summaries over the call graph, emitting the lock graph.
      config.progress().accept("scanned " + appClasses + " classes (" + methods.size() + " methods with code, "
          + libClasses + " library classes)");
      Program program = new Program(classes, methods);
      program.indexAhead(config.threads() > 1);
      GraphBuilder graph = new GraphBuilder();
      Limits limits = new Limits();
      SummaryBuilder summaries = new SummaryBuilder(program, graph, config.maxWitnessDepth(), config.maxSummary(),
          limits);
      summaries.run(config.progress());

      // Stage 3: cycles.
      List<Edge> edges = graph.edges();
      config.progress().accept("summarized " + methods.size() + " methods: " + edges.size() + " lock-graph edges");
      CycleFinder finder = new CycleFinder(edges, config.maxCycles());
      List<Finding> findings = new Suppressions(classes, summaries.lockFields())
          .apply(finder.findings(graph.selfDeadlocks(), graph.opposedNestings(summaries::inverse)));
      findings = OneThread.drop(findings, graph, summaries.threadContexts(), diags);


      for (var m : program.cutCalls()) {
        // Never silent: each method whose call sites reach too many targets to follow.
        diags.add(new Diagnostic("calls-cut", m.toString(), "calls to this method are not followed at sites that reach more"
            + " than " + Program.MAX_TARGETS + " methods with the receiver's classes unknown, or more than "
            + Program.MAX_FLOW_TARGETS + " with them known"));
      }
      String cut = finder.truncation((int) findings.stream().filter(f -> f.chain().size() > 1).count());
      if (cut != null) {
        limits.hit("maxCycles=" + config.maxCycles(), cut, "--max-cycles",
            "a lock graph of " + finder.nodes() + " lock classes with edges out");
      }
      List<String> truncated = limits.messages();
      Set<String> lockClasses = new TreeSet<>();
      for (Edge e : edges) {
        lockClasses.add(e.from().key());
        lockClasses.add(e.to().key());
      }
      Set<String> missing = new TreeSet<>(program.missing());
      for (String m : missing) {
        diags.add(new Diagnostic("missing-class", m.replace('/', '.'),
            "referenced class not found in the inputs or the classpath; calls through it are not followed"));
      }
      diags.sort(null);
      config.progress().accept("found " + findings.size() + " findings");
      return new AnalysisResult(findings, edges, dedupe(diags),
          new AnalysisResult.Stats(appClasses, methods.size(), libClasses, skipped, missing.size(),
              lockClasses.size(), truncated));
    }
  }

  private static List<Diagnostic> dedupe(List<Diagnostic> diags) {
    Set<Diagnostic> seen = new HashSet<>();
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : diags) {
      if (seen.add(d)) {
        out.add(d);
      }
    }
    return out;
  }

  private static ClassInfo asLibrary(ClassInfo ci) {
    return new ClassInfo(ci.name(), ci.superName(), ci.interfaces(), ci.access(), ci.sourceFile(), ci.fields(),
        ci.methods(), ci.annotations(), true, ci.origin(), ci.annotationStrings(),
        ci.switchMaps());
  }

  private static List<ScannedClass> scanAll(List<ClassFile> fileList, int threads, List<Diagnostic> diags) {
    ClassFile[] files = fileList.toArray(ClassFile[]::new);
    fileList = null;
    List<Object> results = new ArrayList<>(files.length);
    if (threads <= 1 || files.length < 16) {
      for (int i = 0; i < files.length; i++) {
        results.add(scanOne(files[i]));
        files[i] = null;
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "lockorder-scan");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<Object>> futures = new ArrayList<>(files.length);
        for (int i = 0; i < files.length; i++) {
          int k = i;
          futures.add(pool.submit(() -> {
            Object r = scanOne(files[k]);
            files[k] = null;
            return r;
          }));
        }
        for (Future<Object> fu : futures) {
          try {
            results.add(fu.get());
          } catch (ExecutionException e) {
            if (e.getCause() instanceof OutOfMemoryError oom) {
              throw oom; // the heap, not the class: the whole run stops and says so
            }
            results.add(new Diagnostic("internal", "?", "scan failed: " + e.getCause()));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        pool.shutdownNow();
      }
    }
    List<ScannedClass> out = new ArrayList<>();
    for (Object o : results) {
      if (o instanceof ScannedClass sc) {
        out.add(sc);
      } else {
        diags.add((Diagnostic) o);
      }
    }
    return out;
  }

  private static Object scanOne(ClassFile f) {
    HeapWatch.check();
    try {
      return ClassScanner.scan(f);
    } catch (ClassScanner.BadClassException e) {
      return new Diagnostic(e.code, f.origin(), e.getMessage());
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      // Not OutOfMemoryError: a class that needs more heap than is left is a heap too small for
      // the run, not a bad class, and the run must stop and say so (HeapWatch).
      return new Diagnostic("corrupt-class", f.origin(), "cannot analyze: " + e);
    }
  }
}
