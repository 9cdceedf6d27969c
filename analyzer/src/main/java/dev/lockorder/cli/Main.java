package dev.lockorder.cli;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Diagnostic;
import dev.lockorder.HeapWatch;
import dev.lockorder.Lockorder;
import dev.lockorder.Version;
import dev.lockorder.cycles.Finding;
import dev.lockorder.input.InputReader;
import dev.lockorder.report.Baseline;
import dev.lockorder.report.JsonReport;
import dev.lockorder.report.RepoRoot;
import dev.lockorder.report.SarifReport;
import dev.lockorder.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line: {@code lockorder [OPTIONS] PATH...}. */
@Command(name = "lockorder", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true,
    description = "Finds lock-order deadlocks in JVM bytecode, as Linux lockdep does at run time.%n"
        + "PATH is a class folder, a jar, or a folder of jars.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:no finding of at least --fail-on's confidence (or --exit-zero)",
        "4:a finding of at least --fail-on's confidence (default: medium)",
        "2:usage or input error (a missing path, a folder without classes; with --strict, skipped input)",
        "1:internal error"})
public final class Main implements Callable<Integer> {
  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int FINDINGS = 4;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Class folders, jars and folders of jars to analyze.")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--classpath", paramLabel = "PATHS", split = "${sys:path.separator}",
      description = "Library classes: they resolve types and the hierarchy; no finding is reported inside them.")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the output there instead of stdout.")
  Path output;

  @Option(names = "--sarif", paramLabel = "FILE", description = "Also write SARIF 2.1.0 to FILE.")
  Path sarif;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write JSON to FILE.")
  Path json;

  @Option(names = "--source-root", paramLabel = "DIR",
      description = "A source folder (repeatable): SARIF locations point at the files found there.")
  List<Path> sourceRoots = new ArrayList<>();

  @Option(names = "--repo-root", paramLabel = "DIR", description = "SARIF URIs are relative to it (default: the git "
      + "root, the nearest folder holding .git at or above the current one; without one, the current folder).")
  Path repoRoot;

  @Option(names = "--sarif-category", paramLabel = "CATEGORY", defaultValue = SarifReport.DEFAULT_CATEGORY,
      converter = CategoryConverter.class, description = "Code scanning category of the SARIF run "
          + "(runs[].automationDetails.id is CATEGORY/); give each log uploaded for one commit its own "
          + "(default: ${DEFAULT-VALUE}).")
  String sarifCategory;

  /** Rejects a blank category here, as a usage error, rather than when the log is written. */
  static final class CategoryConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        SarifReport.automationId(value);
        return value;
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Option(names = "--include", split = ",", paramLabel = "PATTERN",
      description = "Only analyze these packages: com.example.* (one package), com.example.** (and below).")
  List<String> includes = new ArrayList<>();

  @Option(names = "--exclude", split = ",", paramLabel = "PATTERN", description = "Leave these packages out.")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "Writes the findings' fingerprints when FILE is missing; otherwise reports only new findings.")
  Path baseline;

  @Option(names = "--exit-zero", description = "Exit 0 even when findings are reported.")
  boolean exitZero;

  @Option(names = "--fail-on", paramLabel = "CONFIDENCE", defaultValue = "medium",
      description = "Exit 4 only for a finding of at least this confidence: high, medium or low (default: "
          + "${DEFAULT-VALUE}). Every finding is reported either way.")
  Finding.Confidence failOn;

  @Option(names = "--strict", description = "Exit 2 when any input had to be skipped.")
  boolean strict;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
  Integer threads;

  @Option(names = "--max-cycles", paramLabel = "N", defaultValue = "10000",
      description = "Stop the cycle search after N cycles (default: ${DEFAULT-VALUE}); the report groups them.")
  int maxCycles;

  @Option(names = "--max-summary", paramLabel = "N", defaultValue = "96",
      description = "Entries of one kind kept per method summary (default: ${DEFAULT-VALUE}); "
          + "more are dropped, and the run says so.")
  int maxSummary;

  @Option(names = "--max-witness-depth", paramLabel = "N", defaultValue = "64",
      description = "Frames kept per witness stack (default: ${DEFAULT-VALUE}).")
  int maxWitnessDepth;

  @Option(names = "--progress", negatable = true,
      description = "Print each stage's counts to stderr (default: on when stderr is a terminal).")
  Boolean progress;

  @Option(names = "--debug", description = "Print stack traces of internal errors.")
  boolean debug;

  /** Output formats. */
  enum Format { text, json, sarif }

  /** Reads the version from the jar manifest. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Version.NAME + " " + Version.version()};
    }
  }

  private PrintWriter err = new PrintWriter(System.err, true);
  private PrintWriter out = new PrintWriter(System.out, true);

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main m = new Main();
    m.out = out;
    m.err = err;
    CommandLine cl = new CommandLine(m);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      err.println("lockorder: internal error: " + ex);
      if (m.debug) {
        ex.printStackTrace(err);
      }
      return INTERNAL;
    });
    int code;
    try {
      code = cl.execute(args);
    } catch (OutOfMemoryError e) {
      // The analysis is unreachable by now, so there is heap again to say what happened.
      err.println("lockorder: " + HeapWatch.advice(false));
      if (m.debug) {
        e.printStackTrace(err);
      }
      code = INTERNAL;
    }
    out.flush();
    err.flush();
    return code;
  }

  private void progress(String msg) {
    if (progress != null ? progress : Terminal.isStderr()) {
      err.println("lockorder: " + msg);
    }
  }

  @Override
  public Integer call() throws IOException {
    AnalysisConfig.Builder b = AnalysisConfig.builder().inputs(inputs).classpath(classpath).includes(includes)
        .excludes(excludes).maxCycles(maxCycles).maxWitnessDepth(maxWitnessDepth)
        .maxSummary(maxSummary).progress(this::progress);
    if (threads != null) {
      b.threads(threads);
    }
    long t0 = System.nanoTime();
    progress("analyzing " + inputs.size() + " path(s)");
    AnalysisResult result;
    try {
      result = Lockorder.analyze(b.build());
    } catch (InputReader.InputException e) {
      err.println("lockorder: " + e.getMessage());
      return USAGE;
    }
    progress(String.format("analyzed %d classes in %.1f s", result.stats().classes(),
        (System.nanoTime() - t0) / 1e9));
    warn(result.diagnostics());
    for (String limit : result.stats().truncated()) {
      err.println("lockorder: limit hit: " + limit);
    }

    Set<String> known = null;
    AnalysisResult reported = result;
    if (baseline != null) {
      if (Baseline.exists(baseline)) {
        known = Baseline.read(baseline);
        reported = new AnalysisResult(Baseline.newOnly(result.findings(), known), result.edges(),
            result.diagnostics(), result.stats());
      } else {
        Baseline.write(baseline, result.findings());
        err.println("lockorder: wrote baseline " + baseline + " with " + result.findings().size() + " finding(s)");
        reported = new AnalysisResult(List.of(), result.edges(), result.diagnostics(), result.stats());
        known = Set.copyOf(result.findings().stream().map(Finding::fingerprint).toList());
      }
    }
    Path repo = repoRoot != null ? repoRoot : RepoRoot.of(Path.of(""), Path.of(""));
    // SARIF keeps every finding and says which are new.
    SarifReport.Log sarifLog = format == Format.sarif || sarif != null
        ? SarifReport.log(result, sourceRoots, repo, known, sarifCategory) : null;
    String main = switch (format) {
      case text -> TextReport.render(reported);
      case json -> JsonReport.render(reported);
      case sarif -> sarifLog.text();
    };
    if (output != null) {
      write(output, main);
    } else {
      out.print(main);
      out.flush();
    }
    if (sarif != null) {
      write(sarif, sarifLog.text());
    }
    if (sarifLog != null && sarifLog.unmappedWarning() != null) {
      err.println("lockorder: warning: " + sarifLog.unmappedWarning() + "; pass --source-root DIR");
    }
    if (json != null) {
      write(json, JsonReport.render(reported));
    }
    if (strict && result.stats().skippedInputs() > 0) {
      err.println("lockorder: --strict: " + result.stats().skippedInputs() + " input(s) skipped");
      return USAGE;
    }
    long failing = reported.findings().stream().filter(f -> f.confidence().atLeast(failOn)).count();
    if (failing == 0 && !reported.findings().isEmpty() && !exitZero) {
      err.println("lockorder: " + reported.findings().size() + " finding(s), none of " + failOn.name().toLowerCase(java.util.Locale.ROOT)
          + " confidence or more (--fail-on): exit 0");
    }
    return failing == 0 || exitZero ? OK : FINDINGS;
  }

  private void warn(List<Diagnostic> diags) {
    int shown = 0;
    int missing = 0;
    int cut = 0;
    for (Diagnostic d : diags) {
      if (d.code().equals("missing-class")) {
        missing++;
        continue;
      }
      if (d.code().equals("calls-cut")) {
        cut++;
        continue;
      }
      if (d.code().equals("one-thread")) {
        err.println("lockorder: note: " + d.file() + ": " + d.message());
        continue;
      }
      if (shown++ < 50) {
        err.println("lockorder: warning: " + d);
      }
    }
    if (shown > 50) {
      err.println("lockorder: warning: ... and " + (shown - 50) + " more (see the JSON or SARIF output)");
    }
    if (missing > 0) {
      err.println("lockorder: note: " + missing + " referenced classes were not found; pass them with --classpath"
          + " to follow calls through them");
    }
    if (cut > 0) {
      err.println("lockorder: note: calls to " + cut + " methods were not followed at sites with too many possible"
          + " targets (listed in the JSON and SARIF output)");
    }
  }

  private static void write(Path file, String content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
