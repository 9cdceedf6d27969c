package dev.lockorder.precision;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.cycles.Finding;
import dev.lockorder.graph.LockClass;
import dev.lockorder.report.JsonReport;
import dev.lockorder.report.TextReport;
import dev.lockorder.rules.Rule;
import dev.lockorder.rules.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One corpus of whole released libraries, analyzed as they are: each library's text and JSON
 * reports, a table of all runs ({@code summary.md}, rewritten after every library), and the checks
 * every corpus makes: no cycle cap hit, a hand verdict on every group lead, the known deadlocks
 * reported. The development corpus ({@link PrecisionCorpusTest}) and the held-out one ({@link
 * HeldOutCorpusTest}) are two of these.
 */
final class CorpusRuns {

  /** The command line's defaults, so these numbers and a plain {@code lockorder} run agree. */
  static final int MAX_CYCLES = 10_000;
  /** Lines of a terminal's first screen: the known deadlocks must be in the report's index there. */
  static final int SCREEN = 24;
  static final int MAX_SUMMARY = 96;
  static final int MAX_WITNESS_DEPTH = 64;
  /** One library's analysis; beyond it the run fails instead of holding up the build. */
  static final Duration BUDGET = Duration.ofMinutes(15);

  /**
   * A real deadlock the library's report must contain: a finding whose cycle has one lock class
   * whose display name contains {@code lockA} and another whose display name contains {@code lockB}.
   */
  record KnownDeadlock(String library, String lockA, String lockB, String scenario) {
    String title() {
      return lockA + " <-> " + lockB;
    }
  }

  /** What one library's run left for the table and the known-deadlock checks (not the whole result). */
  record Run(String library, int classes, int libraryClasses, int missingClasses, int lockClasses,
      Map<String, Long> byRule, Map<Finding.Confidence, Long> byConfidence, int findings,
      List<String> truncated, double seconds, List<List<String>> chains, List<String> firstScreen,
      List<Verdicts.Lead> leads) {

    boolean cycleCap() {
      return truncated.stream().anyMatch(t -> t.startsWith("maxCycles"));
    }

    boolean summaryCap() {
      return truncated.stream().anyMatch(t -> t.startsWith("maxSummary"));
    }

    List<String> otherLimits() {
      return truncated.stream().filter(t -> !t.startsWith("maxCycles") && !t.startsWith("maxSummary")).toList();
    }
  }

  private final String title;
  private final String profile;
  private final Path corpus;
  private final Path out;
  private final Path ledger;
  private final Verdicts verdicts;
  private final List<KnownDeadlock> known;
  private final Map<String, Run> runs = new LinkedHashMap<>();

  /**
   * @param corpus the folder the profile filled ({@code <lib>/app}, {@code <lib>/cp}); reports go
   *     to its sibling {@code <name>-out}
   */
  CorpusRuns(String title, String profile, Path corpus, Path ledger, List<KnownDeadlock> known) throws IOException {
    this.title = title;
    this.profile = profile;
    this.corpus = corpus.toAbsolutePath();
    this.out = this.corpus.resolveSibling(this.corpus.getFileName() + "-out");
    this.ledger = ledger;
    this.verdicts = new Verdicts(ledger);
    this.known = known;
    Files.createDirectories(out);
  }

  static List<Path> jars(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  void analyze(String lib) throws IOException {
    Path app = corpus.resolve(lib).resolve("app");
    if (jars(app).isEmpty()) {
      fail(app + " has no jar: the " + profile + " profile fetches it (mvn -B verify -P" + profile + "); "
          + "each library is a helper project under analyzer/src/test/precision/");
    }
    AnalysisConfig config = AnalysisConfig.builder()
        .inputs(jars(app))
        .classpath(jars(corpus.resolve(lib).resolve("cp")))
        .maxCycles(MAX_CYCLES)
        .maxSummary(MAX_SUMMARY)
        .maxWitnessDepth(MAX_WITNESS_DEPTH)
        .build();
    long t0 = System.nanoTime();
    AnalysisResult r = assertTimeoutPreemptively(BUDGET, () -> Lockorder.analyze(config),
        () -> lib + ": the analysis took longer than " + BUDGET);
    double seconds = (System.nanoTime() - t0) / 1e9;

    String text = TextReport.render(r);
    Files.writeString(out.resolve(lib + ".txt"), text);
    Files.writeString(out.resolve(lib + ".json"), JsonReport.render(r));
    Run run = summarize(lib, r, seconds, text.lines().limit(SCREEN).toList());
    r = null;
    runs.put(lib, run);
    writeSummary();

    assertFalse(run.cycleCap(), () -> lib + ": the cycle cap was hit (" + run.truncated() + ", "
        + run.findings() + " findings): not every cycle was looked at");
  }

  /** Every group lead the report shows has a verdict in the ledger: the false share counts them all. */
  void triaged(String lib) {
    Run run = runs.get(lib);
    if (run == null) {
      fail(lib + " was not analyzed (see the test before this one)");
    }
    List<String> missing = verdicts.untriaged(lib, run.leads());
    assertTrue(missing.isEmpty(), () -> lib + ": " + missing.size() + " of " + run.leads().size()
        + " leads have no verdict in " + ledger + " (triage them, with the evidence in docs/triage/):\n  "
        + String.join("\n  ", missing));
  }

  static Run summarize(String lib, AnalysisResult r, double seconds, List<String> firstScreen) {
    Map<String, Long> byRule = new TreeMap<>(r.findings().stream()
        .collect(Collectors.groupingBy(f -> f.rule().id(), Collectors.counting())));
    Map<Finding.Confidence, Long> byConfidence = new TreeMap<>(r.findings().stream()
        .collect(Collectors.groupingBy(Finding::confidence, Collectors.counting())));
    List<List<String>> chains = r.findings().stream()
        .map(f -> f.chain().stream().map(LockClass::display).toList()).toList();
    List<Verdicts.Lead> leads = r.groups().stream()
        .map(g -> new Verdicts.Lead(g.lead().chainText(), g.lead().confidence())).toList();
    AnalysisResult.Stats s = r.stats();
    return new Run(lib, s.classes(), s.libraryClasses(), s.missingClasses(), s.lockClasses(), byRule,
        byConfidence, r.findings().size(), s.truncated(), seconds, chains, firstScreen, leads);
  }

  /** The shortest reported cycle over two different lock classes naming {@code lockA} and {@code lockB}. */
  static Optional<List<String>> match(KnownDeadlock k, Run run) {
    return run.chains().stream().filter(c -> {
      for (int i = 0; i < c.size(); i++) {
        for (int j = 0; j < c.size(); j++) {
          if (i != j && c.get(i).contains(k.lockA()) && c.get(j).contains(k.lockB())) {
            return true;
          }
        }
      }
      return false;
    }).min(Comparator.comparingInt((List<String> c) -> c.size()).thenComparing(c -> String.join(" --> ", c)));
  }

  void reports(KnownDeadlock k) {
    Run run = runs.get(k.library());
    if (run == null) {
      fail(k.library() + " was not analyzed (see the test before this one)");
    }
    Optional<List<String>> m = match(k, run);
    assertTrue(m.isPresent(), () -> k.library() + ": no reported cycle has a lock class naming " + k.lockA()
        + " and another naming " + k.lockB() + " (" + k.scenario() + "); " + near(k, run));
    assertTrue(run.firstScreen().stream().anyMatch(l -> l.contains(" " + k.lockA()) && l.contains(" " + k.lockB())),
        () -> k.library() + ": " + k.title() + " is not in the report's first " + SCREEN + " lines:\n"
            + String.join("\n", run.firstScreen()));
  }

  /** For the failure message: the shortest cycles through a lock class naming {@code lockA}. */
  static String near(KnownDeadlock k, Run run) {
    List<String> near = run.chains().stream().filter(c -> c.stream().anyMatch(n -> n.contains(k.lockA())))
        .sorted(Comparator.comparingInt(List::size)).limit(5).map(c -> String.join(" --> ", c)).toList();
    return near.isEmpty() ? "no cycle names " + k.lockA() : "cycles through it include:\n  " + String.join("\n  ", near);
  }

  synchronized void writeSummary() throws IOException {
    List<String> rules = Rules.ALL.stream().map(Rule::id).toList();
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(title).append("\n\n");
    sb.append("Written by `mvn -B verify -P").append(profile).append("`. Limits: maxCycles=").append(MAX_CYCLES)
        .append(", maxSummary=").append(MAX_SUMMARY).append(", maxWitnessDepth=").append(MAX_WITNESS_DEPTH)
        .append(". Reports: `<library>.txt`, `<library>.json` beside this file.\n\n");
    List<String> head = new ArrayList<>(List.of("library", "classes", "findings"));
    head.addAll(rules);
    head.addAll(List.of("high", "low", "cycle cap", "summary cap", "other limits", "seconds"));
    row(sb, head);
    row(sb, head.stream().map(h -> h.equals("library") || h.contains("limits") ? "---" : "---:").toList());
    for (Run r : runs.values()) {
      List<String> cells = new ArrayList<>(List.of(r.library(), String.valueOf(r.classes()),
          String.valueOf(r.findings())));
      rules.forEach(id -> cells.add(String.valueOf(r.byRule().getOrDefault(id, 0L))));
      cells.add(String.valueOf(r.byConfidence().getOrDefault(Finding.Confidence.HIGH, 0L)));
      cells.add(String.valueOf(r.byConfidence().getOrDefault(Finding.Confidence.LOW, 0L)));
      cells.add(r.cycleCap() ? "**hit**" : "no");
      cells.add(r.summaryCap() ? "hit" : "no");
      cells.add(r.otherLimits().isEmpty() ? "" : String.join(", ", r.otherLimits()));
      cells.add(String.format("%.1f", r.seconds()));
      row(sb, cells);
    }
    sb.append("\n## Known deadlocks\n\n");
    row(sb, List.of("library", "wanted", "reported as (shortest cycle)"));
    row(sb, List.of("---", "---", "---"));
    for (KnownDeadlock k : known) {
      Run r = runs.get(k.library());
      String found = r == null ? "not run"
          : match(k, r).map(c -> "`" + String.join(" --> ", c) + "`").orElse("**missing**");
      row(sb, List.of(k.library(), "`" + k.title() + "`", found));
    }
    sb.append("\n## Leads by hand verdict\n\n");
    sb.append("One lead per group, as the report shows them; verdicts from `").append(ledger).append("`.\n\n");
    Map<String, List<Verdicts.Lead>> leads = new TreeMap<>();
    runs.forEach((lib, r) -> leads.put(lib, r.leads()));
    sb.append(verdicts.table(leads));
    sb.append("\n## Inputs\n\n");
    row(sb, List.of("library", "library classes (classpath)", "missing classes", "lock classes"));
    row(sb, List.of("---", "---:", "---:", "---:"));
    for (Run r : runs.values()) {
      row(sb, List.of(r.library(), String.valueOf(r.libraryClasses()), String.valueOf(r.missingClasses()),
          String.valueOf(r.lockClasses())));
    }
    Files.writeString(out.resolve("summary.md"), sb.toString());
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append("| ").append(cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ")))
        .append(" |\n");
  }
}
