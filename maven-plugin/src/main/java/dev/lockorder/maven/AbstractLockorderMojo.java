package dev.lockorder.maven;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Diagnostic;
import dev.lockorder.HeapWatch;
import dev.lockorder.Lockorder;
import dev.lockorder.cycles.Finding;
import dev.lockorder.cycles.FindingGroup;
import dev.lockorder.input.InputReader;
import dev.lockorder.report.Baseline;
import dev.lockorder.report.RepoRoot;
import dev.lockorder.report.SarifReport;
import dev.lockorder.report.TextReport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What both goals share: parameters, running the analysis, writing reports, failing the build. */
abstract class AbstractLockorderMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  /** Skips the analysis. */
  @Parameter(property = "lockorder.skip", defaultValue = "false")
  protected boolean skip;

  /** Fails the build when a finding of at least {@code failOn}'s confidence is reported. */
  @Parameter(property = "lockorder.failOnCycle", defaultValue = "true")
  protected boolean failOnCycle;

  /**
   * The least confidence that fails the build: {@code high}, {@code medium} or {@code low}. Findings
   * below it are still reported, as warnings.
   */
  @Parameter(property = "lockorder.failOn", defaultValue = "medium")
  protected String failOn = "medium";

  /** Package patterns to analyze: {@code com.example.*} (one package), {@code com.example.**} (and below). */
  @Parameter(property = "lockorder.includes")
  protected List<String> includes = new ArrayList<>();

  /** Package patterns to leave out. */
  @Parameter(property = "lockorder.excludes")
  protected List<String> excludes = new ArrayList<>();

  /** Where the SARIF 2.1.0 report goes, for code scanning. */
  @Parameter(property = "lockorder.sarifFile", defaultValue = "${project.build.directory}/lockorder.sarif")
  protected File sarifFile;

  /** Where the lockdep-style text report goes. */
  @Parameter(property = "lockorder.textFile", defaultValue = "${project.build.directory}/lockorder.txt")
  protected File textFile;

  /** A baseline file: written when missing; otherwise only findings not in it fail the build. */
  @Parameter(property = "lockorder.baseline")
  protected File baseline;

  /** Source folders, so that SARIF locations point at files; defaults to the compile source roots. */
  @Parameter(property = "lockorder.sourceRoots")
  protected List<File> sourceRoots = new ArrayList<>();

  /**
   * Code scanning's category of the SARIF run ({@code runs[].automationDetails.id} is the category
   * and a slash). Code scanning rejects two runs of one category for a commit, so each log gets its
   * own: by default {@code lockorder/<artifactId>} for {@code check}, {@code lockorder} for {@code
   * check-aggregate}.
   */
  @Parameter(property = "lockorder.sarifCategory")
  protected String sarifCategory;

  /**
   * SARIF URIs are relative to it, as code scanning resolves them against the repository's root. By
   * default, the git root: the nearest folder holding {@code .git} at or above the project; without
   * one, the folder Maven was started in.
   */
  @Parameter(property = "lockorder.repoRoot")
  protected File repoRoot;

  /** The cycle search stops after this many cycles (the build warns); the report groups them. */
  @Parameter(property = "lockorder.maxCycles", defaultValue = "10000")
  protected int maxCycles;

  /** Entries of one kind kept per method summary; beyond it acquisitions are dropped (the build warns). */
  @Parameter(property = "lockorder.maxSummary", defaultValue = "96")
  protected int maxSummary = 96;

  /** The SARIF category when {@code sarifCategory} is not set. */
  protected abstract String defaultSarifCategory();

  /** Runs the analysis on {@code inputs} and acts on the result. */
  protected void analyze(List<Path> inputs, List<Path> classpath, List<Path> defaultSourceRoots)
      throws MojoExecutionException, MojoFailureException {
    Finding.Confidence least = Finding.Confidence.named(failOn);
    if (least == null) {
      throw new MojoExecutionException("lockorder: failOn must be high, medium or low, not '" + failOn + "'");
    }
    String category = sarifCategory != null && !sarifCategory.isBlank() ? sarifCategory : defaultSarifCategory();
    try {
      SarifReport.automationId(category);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("lockorder: sarifCategory: " + e.getMessage());
    }
    AnalysisConfig config = AnalysisConfig.builder().inputs(inputs).classpath(classpath).includes(includes)
        .excludes(excludes).maxCycles(maxCycles).maxSummary(maxSummary).build();
    AnalysisResult result;
    try {
      result = Lockorder.analyze(config);
    } catch (InputReader.InputException e) {
      getLog().warn("lockorder: " + e.getMessage() + "; nothing analyzed");
      return;
    } catch (OutOfMemoryError e) {
      throw new MojoExecutionException("lockorder: " + HeapWatch.advice(true), e);
    } catch (RuntimeException | StackOverflowError e) {
      // A defect of the tool, not of the code under analysis: Maven reports it as an error, not a failure.
      throw new MojoExecutionException("lockorder failed: " + e, e);
    }
    for (Diagnostic d : result.diagnostics()) {
      if (!d.code().equals("missing-class")) {
        getLog().warn("lockorder: " + d);
      }
    }
    for (String limit : result.stats().truncated()) {
      getLog().warn("lockorder: limit reached, the report is partial: " + asParameters(limit));
    }
    try {
      Set<String> known = null;
      List<Finding> reported = result.findings();
      if (baseline != null) {
        Path b = baseline.toPath();
        if (Baseline.exists(b)) {
          known = Baseline.read(b);
          reported = Baseline.newOnly(result.findings(), known);
        } else {
          Baseline.write(b, result.findings());
          getLog().info("lockorder: wrote baseline " + b + " with " + result.findings().size() + " finding(s)");
          known = Set.copyOf(result.findings().stream().map(Finding::fingerprint).toList());
          reported = List.of();
        }
      }
      AnalysisResult shown = new AnalysisResult(reported, result.edges(), result.diagnostics(), result.stats());
      List<Path> roots = new ArrayList<>();
      sourceRoots.forEach(f -> roots.add(f.toPath()));
      if (roots.isEmpty()) {
        roots.addAll(defaultSourceRoots);
      }
      write(textFile.toPath(), TextReport.render(shown));
      SarifReport.Log sarif = SarifReport.log(result, roots, repoRoot(), known, category);
      write(sarifFile.toPath(), sarif.text());
      if (sarif.unmappedWarning() != null) {
        getLog().warn("lockorder: " + sarif.unmappedWarning() + "; list the source folders in sourceRoots"
            + " (the default is the compile source roots)");
      }
      if (reported.isEmpty()) {
        getLog().info("lockorder: no lock-order problems found (" + result.stats().classes() + " classes)");
        return;
      }
      // What fails the build is an error; a report-only run (failOnCycle=false), or a finding below
      // failOn, warns.
      boolean fails = failOnCycle && reported.stream().anyMatch(f -> f.confidence().atLeast(least));
      List<FindingGroup> groups = shown.groups();
      int rank = 0;
      for (FindingGroup g : groups) {
        Finding f = g.lead();
        java.util.function.Consumer<String> log = fails && f.confidence().atLeast(least) ? getLog()::error
            : getLog()::warn;
        log.accept("lockorder: #" + (++rank) + " " + f.rule().id() + " (" + f.confidence().name().toLowerCase()
            + (f.bounded() ? ", bounded stall" : "") + "): Chain exists of: " + f.chainText()
            + (g.variants().isEmpty() ? "" : " (+" + g.variants().size() + " variants)"));
      }
      String msg = "lockorder: " + groups.size() + " lock-order finding(s); full report: " + textFile
          + " (SARIF: " + sarifFile + ")";
      if (fails) {
        throw new MojoFailureException(msg);
      }
      getLog().warn(failOnCycle ? msg + "; none of " + least.name().toLowerCase(java.util.Locale.ROOT)
          + " confidence or more (failOn), so the build goes on" : msg);
    } catch (IOException e) {
      throw new MojoExecutionException("lockorder: cannot write reports: " + e.getMessage(), e);
    }
  }

  /** The configured root, else the git root at or above the project, else the execution root. */
  Path repoRoot() {
    if (repoRoot != null) {
      return repoRoot.toPath();
    }
    String dir = session != null ? session.getExecutionRootDirectory() : null;
    Path executionRoot = dir != null ? Path.of(dir) : project.getBasedir().toPath();
    return RepoRoot.of(project.getBasedir().toPath(), executionRoot);
  }

  /** The command line's options named as this plugin's parameters, for a limit's advice. */
  static String asParameters(String limit) {
    return limit.replace("--max-cycles", "maxCycles (-Dlockorder.maxCycles)")
        .replace("--max-summary", "maxSummary (-Dlockorder.maxSummary)")
        .replace("--max-witness-depth", "the command line's --max-witness-depth (the plugin keeps 64 frames)");
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Whether {@code dir} holds any class file: an empty folder is no input, not an error. */
  static boolean hasClasses(Path dir) throws MojoExecutionException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var s = Files.walk(dir)) {
      return s.anyMatch(p -> p.toString().endsWith(".class"));
    } catch (IOException e) {
      throw new MojoExecutionException("lockorder: cannot read " + dir, e);
    }
  }

  static List<Path> paths(List<String> elements, Path exclude) {
    List<Path> out = new ArrayList<>();
    for (String e : elements) {
      Path p = Path.of(e);
      if (!p.equals(exclude) && Files.exists(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
