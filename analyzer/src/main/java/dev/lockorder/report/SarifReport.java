package dev.lockorder.report;

import dev.lockorder.AnalysisResult;
import dev.lockorder.Diagnostic;
import dev.lockorder.cycles.Finding;
import dev.lockorder.cycles.FindingGroup;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.rules.Rules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SARIF 2.1.0 for code scanning: one result per group of findings (its lead, with the variants
 * named in its properties), one code flow per edge (its witness as
 * a thread flow), related locations linked from the message, our own fingerprint, and GitHub's
 * limits (25,000 results per run, 10,000 thread-flow locations per result) enforced with a
 * notification when they cut. The run names its code scanning category; locations no source root
 * holds are counted and said. docs/sarif.md describes the whole log.
 */
public final class SarifReport {
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  public static final String FINGERPRINT_KEY = "lockorder/v1";
  /** The code scanning category of a run that names none: the command line's, the aggregate goal's. */
  public static final String DEFAULT_CATEGORY = "lockorder";
  static final int MAX_RESULTS = 25_000;
  static final int MAX_FLOW_LOCATIONS = 10_000;

  private SarifReport() {}

  /**
   * A rendered log and what its run should tell the user about it.
   *
   * @param locations the physical locations written
   * @param unmapped of those, the ones in no source root (their URIs are package paths)
   * @param unmappedFiles the distinct URIs of those, sorted
   */
  public record Log(String text, int locations, int unmapped, List<String> unmappedFiles) {
    /**
     * One line on the locations no source root holds, for a console or a build log, without the
     * advice (which differs between the command line and the plugin); null when there are none.
     */
    public String unmappedWarning() {
      return unmapped == 0 ? null : unmappedText(locations, unmapped, unmappedFiles);
    }
  }

  private static String unmappedText(int locations, int unmapped, List<String> files) {
    String examples = String.join(", ", files.subList(0, Math.min(3, files.size())))
        + (files.size() > 3 ? " and " + (files.size() - 3) + " more" : "");
    return "SARIF: " + unmapped + " of " + locations + " locations are in no source root, so their URIs are"
        + " package paths that may match no file of the repository (" + examples + ")";
  }

  public static String render(AnalysisResult result, List<Path> sourceRoots, Path repoRoot) {
    return render(result, sourceRoots, repoRoot, null);
  }

  /**
   * The log with the default category, whatever the environment (tests and benchmarks compare it).
   *
   * @param baseline fingerprints of known findings, or null: with it, every result carries a
   *     {@code baselineState} of {@code new} or {@code unchanged}
   */
  public static String render(AnalysisResult result, List<Path> sourceRoots, Path repoRoot, Set<String> baseline) {
    return log(result, sourceRoots, repoRoot, baseline, DEFAULT_CATEGORY, Map.of(), MAX_RESULTS,
        MAX_FLOW_LOCATIONS).text();
  }

  /**
   * The log as the command line and the plugin write it: in an Azure DevOps pipeline, the
   * automation details carry the pipeline (see {@link AzurePipeline}).
   *
   * @param category code scanning's category of the run (see {@link #automationId})
   * @throws IllegalArgumentException when the category is blank
   */
  public static Log log(AnalysisResult result, List<Path> sourceRoots, Path repoRoot, Set<String> baseline,
      String category) {
    return log(result, sourceRoots, repoRoot, baseline, category, System.getenv());
  }

  static Log log(AnalysisResult result, List<Path> sourceRoots, Path repoRoot, Set<String> baseline,
      String category, Map<String, String> env) {
    return log(result, sourceRoots, repoRoot, baseline, category, env, MAX_RESULTS, MAX_FLOW_LOCATIONS);
  }

  /**
   * {@code runs[].automationDetails.id} for a category. Code scanning reads the id as {@code
   * category/run-id}, the category being everything before the last slash, and rejects an upload
   * with two runs of one category: the id is the category and a slash (no run id, so the log stays
   * deterministic). Trailing slashes of the category are dropped: {@code lockorder/app/} and
   * {@code lockorder/app} are one category.
   */
  public static String automationId(String category) {
    String c = category == null ? "" : category.strip();
    while (c.endsWith("/")) {
      c = c.substring(0, c.length() - 1);
    }
    if (c.isEmpty()) {
      throw new IllegalArgumentException("the SARIF category is empty: give one such as " + DEFAULT_CATEGORY);
    }
    return c + "/";
  }

  static String render(AnalysisResult result, List<Path> sourceRoots, Path repoRoot, Set<String> baseline,
      int maxResults, int maxFlowLocations) {
    return log(result, sourceRoots, repoRoot, baseline, DEFAULT_CATEGORY, Map.of(), maxResults, maxFlowLocations)
        .text();
  }

  private static Log log(AnalysisResult result, List<Path> sourceRoots, Path repoRoot, Set<String> baseline,
      String category, Map<String, String> env, int maxResults, int maxFlowLocations) {
    String automationId = automationId(category);
    AzurePipeline pipeline = AzurePipeline.detect(env);
    SarifLocations sources = new SarifLocations(new SourceMap(sourceRoots, repoRoot));
    Map<String, Object> log = Json.obj();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    Map<String, Object> run = Json.obj();
    run.put("tool", Map.of("driver", SarifTool.driver()));
    run.put("automationDetails", pipeline != null ? pipeline.automationDetails(automationId)
        : Map.of("id", automationId));

    List<Object> notes = new ArrayList<>();
    List<Object> results = new ArrayList<>();
    int flowCuts = 0;
    List<FindingGroup> groups = result.groups();
    for (FindingGroup g : groups) {
      if (results.size() >= maxResults) {
        notes.add(note("warning", "results-truncated", "Only the first " + maxResults + " of "
            + groups.size() + " results are included (code scanning's limit per run)."));
        break;
      }
      int[] budget = {maxFlowLocations};
      results.add(result(g, sources, baseline, budget));
      if (budget[0] == -1) {
        flowCuts++;
      }
    }
    if (flowCuts > 0) {
      notes.add(note("warning", "thread-flows-truncated", flowCuts + " results had their witness stacks cut to "
          + maxFlowLocations + " thread-flow locations (code scanning's limit per result)."));
    }
    SourceMap map = sources.map();
    if (map.missed() > 0) {
      notes.add(note("warning", "sources-unmapped", unmappedText(map.locations(), map.missed(),
          map.missedFiles()) + ": pass the source folders (--source-root DIR on the command line,"
          + " sourceRoots in the Maven plugin)."));
    }
    for (String t : result.stats().truncated()) {
      notes.add(note("note", "limit-hit", "Analysis limit hit: " + t));
    }
    for (Diagnostic d : result.diagnostics()) {
      notes.add(note("warning", d.code(), d.file() + ": " + d.message()));
    }
    Map<String, Object> inv = Json.obj();
    inv.put("executionSuccessful", true);
    inv.put("toolExecutionNotifications", notes);
    run.put("invocations", List.of(inv));
    run.put("columnKind", "utf16CodeUnits");
    run.put("results", results);
    log.put("runs", List.of(run));
    return new Log(Json.write(log), map.locations(), map.missed(), map.missedFiles());
  }

  private static Map<String, Object> note(String level, String id, String text) {
    Map<String, Object> n = Json.obj();
    n.put("level", level);
    n.put("message", Map.of("text", text));
    n.put("descriptor", Map.of("id", id));
    return n;
  }

  private static String edgeText(Edge e) {
    return e.to().display() + object(e.witness()) + " acquired while " + e.from().display()
        + object(e.held().get(e.held().size() - 1).acquiredAt()) + " is held";
  }

  /** Which object of a class a monitor named by that class was, on this stack. */
  private static String object(dev.lockorder.graph.Witness w) {
    return w.object() == null ? "" : " (" + w.object() + " in " + w.first().shortMethod() + ")";
  }

  private static Map<String, Object> result(FindingGroup g, SarifLocations sources, Set<String> baseline, int[] budget) {
    Finding f = g.lead();
    Map<String, Object> r = Json.obj();
    r.put("ruleId", f.rule().code());
    r.put("ruleIndex", Rules.ALL.indexOf(f.rule()));
    // Code scanning's severity follows the confidence: a bounded stall or a type-only identity is a note.
    r.put("level", switch (f.confidence()) {
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW -> "note";
    });
    StringBuilder msg = new StringBuilder();
    if (f.chain().size() > 1) {
      msg.append(f.bounded() ? "Lock-order stall (bounded: one wait has a timeout): " : "Lock-order cycle: ")
          .append(f.chainText()).append(" --> ").append(f.chain().get(0).display()).append(".");
    } else {
      msg.append(f.rule().info().summary()).append(": ").append(f.chain().get(0).display()).append(".");
    }
    List<Object> related = new ArrayList<>();
    List<Object> flows = new ArrayList<>();
    for (int k = 0; k < f.edges().size(); k++) {
      Edge e = f.edges().get(k);
      int id = k + 1;
      if (k == 1 && f.argumentOrder()) {
        // One method taking two of its arguments in the order given: the other side is that code again.
        msg.append(" [edge ").append(id).append("](").append(id).append("): the same call on another thread, with the two"
            + " objects the other way round.");
      } else {
        msg.append(" [edge ").append(id).append("](").append(id).append("): ").append(edgeText(e)).append(".");
      }
      Map<String, Object> rel = sources.location(e.witness().last(), "edge " + id + ": " + edgeText(e));
      rel.put("id", id);
      related.add(rel);
      List<Object> tfl = new ArrayList<>();
      List<Frame> frames = e.witness().frames();
      // Over budget, keep the innermost frames: the acquisition itself always stays.
      int allowed = Math.max(1, Math.min(frames.size(), budget[0]));
      if (allowed < frames.size()) {
        budget[0] = -1;
      } else {
        budget[0] -= allowed;
      }
      for (int i = frames.size() - allowed; i < frames.size(); i++) {
        Frame fr = frames.get(i);
        Map<String, Object> l = Json.obj();
        l.put("location", sources.location(fr, fr.shortMethod()));
        l.put("nestingLevel", i);
        l.put("kinds", List.of(switch (fr.kind()) {
          case ACQUIRE -> "acquire";
          case WAIT -> "wait";
          default -> "call";
        }));
        tfl.add(l);
      }
      Map<String, Object> flow = Json.obj();
      flow.put("message", Map.of("text", "edge " + id + ": " + edgeText(e)));
      flow.put("threadFlows", List.of(Map.of("locations", tfl)));
      flows.add(flow);
    }
    if (!g.variants().isEmpty()) {
      msg.append(" ").append(g.variants().size()).append(g.variants().size() == 1 ? " more cycle runs" : " more cycles run")
          .append(" through ").append(g.sharedEdgeText()).append(".");
    }
    r.put("message", Map.of("text", msg.toString()));
    Edge closing = f.edges().get(f.edges().size() - 1);
    // Where the closing acquisition leaves the held lock's path: the caller's line, not a wrapper's.
    r.put("locations", List.of(sources.location(Stacks.site(closing), null)));
    r.put("relatedLocations", related);
    r.put("codeFlows", flows);
    r.put("partialFingerprints", Map.of(FINGERPRINT_KEY, f.fingerprint()));
    if (baseline != null) {
      boolean known = g.members().stream().allMatch(m -> baseline.contains(m.fingerprint()));
      r.put("baselineState", known ? "unchanged" : "new");
    }
    Map<String, Object> props = Json.obj();
    props.put("confidence", f.confidence().name().toLowerCase());
    props.put("bounded", f.bounded());
    props.put("confidenceReasons", f.confidenceReasons());
    props.put("chain", f.chain().stream().map(c -> c.display()).toList());
    if (!g.variants().isEmpty()) {
      props.put("sharedEdge", g.sharedEdgeText());
      props.put("variants", g.variants().stream().map(Finding::chainText).toList());
      props.put("variantFingerprints", g.variants().stream().map(Finding::fingerprint).toList());
    }
    r.put("properties", props);
    return r;
  }
}
