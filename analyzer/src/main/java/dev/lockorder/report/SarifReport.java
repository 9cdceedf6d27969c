package dev.lockorder.report;

import dev.lockorder.AnalysisResult;
import dev.lockorder.Diagnostic;
import dev.lockorder.Version;
import dev.lockorder.cycles.Finding;
import dev.lockorder.cycles.FindingGroup;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.rules.Rule;
import dev.lockorder.rules.RuleInfo;
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
 * notification when they cut.
 */
public final class SarifReport {
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  public static final String FINGERPRINT_KEY = "lockorder/v1";
  static final int MAX_RESULTS = 25_000;
  static final int MAX_FLOW_LOCATIONS = 10_000;

  private SarifReport() {}

  public static String render(AnalysisResult result, List<Path> sourceRoots, Path repoRoot) {
    return render(result, sourceRoots, repoRoot, null);
  }

  /**
   * @param baseline fingerprints of known findings, or null: with it, every result carries a
   *     {@code baselineState} of {@code new} or {@code unchanged}
   */
  public static String render(AnalysisResult result, List<Path> sourceRoots, Path repoRoot, Set<String> baseline) {
    return render(result, sourceRoots, repoRoot, baseline, MAX_RESULTS, MAX_FLOW_LOCATIONS);
  }

  static String render(AnalysisResult result, List<Path> sourceRoots, Path repoRoot, Set<String> baseline,
      int maxResults, int maxFlowLocations) {
    SourceMap sources = new SourceMap(sourceRoots, repoRoot);
    Map<String, Object> log = Json.obj();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    Map<String, Object> run = Json.obj();
    Map<String, Object> driver = Json.obj();
    driver.put("name", Version.NAME);
    driver.put("version", Version.version());
    driver.put("informationUri", Version.URI);
    List<Object> rules = new ArrayList<>();
    for (Rule r : Rules.ALL) {
      rules.add(rule(r.info()));
    }
    driver.put("rules", rules);
    run.put("tool", Map.of("driver", driver));

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
    return Json.write(log);
  }

  private static Map<String, Object> note(String level, String id, String text) {
    Map<String, Object> n = Json.obj();
    n.put("level", level);
    n.put("message", Map.of("text", text));
    n.put("descriptor", Map.of("id", id));
    return n;
  }

  private static Map<String, Object> rule(RuleInfo info) {
    Map<String, Object> r = Json.obj();
    r.put("id", info.id());
    r.put("name", info.id());
    r.put("shortDescription", Map.of("text", info.summary()));
    r.put("fullDescription", Map.of("text", info.description()));
    Map<String, Object> help = Json.obj();
    help.put("text", info.description() + "\n\nFix: " + info.fix() + "\n\nExample:\n" + info.example());
    help.put("markdown", "**" + info.summary() + "**\n\n" + info.description() + "\n\n**Fix:** " + info.fix()
        + "\n\n**Example:**\n\n```java\n" + info.example() + "\n```\n");
    r.put("help", help);
    r.put("defaultConfiguration", Map.of("level", info.level()));
    Map<String, Object> props = Json.obj();
    props.put("tags", List.of(info.tags()));
    props.put("precision", "medium");
    props.put("problem.severity", info.level().equals("error") ? "error" : "warning");
    r.put("properties", props);
    return r;
  }

  private static Map<String, Object> location(Frame f, SourceMap sources, String text) {
    Map<String, Object> phys = Json.obj();
    Map<String, Object> art = Json.obj();
    String uri = sources.uri(f);
    art.put("uri", uri);
    if (!uri.startsWith("file:")) {
      // A source found outside the repository root has an absolute URI: a base would be wrong.
      art.put("uriBaseId", "%SRCROOT%");
    }
    phys.put("artifactLocation", art);
    if (f.line() > 0) {
      phys.put("region", Map.of("startLine", f.line()));
    }
    Map<String, Object> loc = Json.obj();
    loc.put("physicalLocation", phys);
    if (text != null) {
      loc.put("message", Map.of("text", text));
    }
    return loc;
  }

  private static String edgeText(Edge e) {
    return e.to().display() + " acquired while " + e.from().display() + " is held";
  }

  private static Map<String, Object> result(FindingGroup g, SourceMap sources, Set<String> baseline, int[] budget) {
    Finding f = g.lead();
    Map<String, Object> r = Json.obj();
    r.put("ruleId", f.rule().id());
    r.put("ruleIndex", Rules.ALL.indexOf(f.rule()));
    r.put("level", f.confidence() == Finding.Confidence.HIGH ? "error" : "warning");
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
      msg.append(" [edge ").append(id).append("](").append(id).append("): ").append(edgeText(e)).append(".");
      Map<String, Object> rel = location(e.witness().last(), sources, "edge " + id + ": " + edgeText(e));
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
        l.put("location", location(fr, sources, fr.shortMethod()));
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
    r.put("locations", List.of(location(closing.witness().last(), sources, null)));
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
