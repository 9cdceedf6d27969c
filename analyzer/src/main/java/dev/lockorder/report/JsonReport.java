package dev.lockorder.report;

import dev.lockorder.AnalysisResult;
import dev.lockorder.Diagnostic;
import dev.lockorder.Version;
import dev.lockorder.cycles.Finding;
import dev.lockorder.cycles.FindingGroup;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.HeldLock;
import dev.lockorder.graph.LockClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON report, schema version 2 (docs/json-schema.md, docs/lockorder-report.schema.json).
 * Fields are only ever added within a version; a removal or change of meaning bumps it.
 *
 * <p>Each edge is written once, in a table the findings point into: a thousand cycles through
 * one edge share its witness, so the report grows with the edges and findings, not with paths.
 */
public final class JsonReport {
  public static final int SCHEMA_VERSION = 2;

  private JsonReport() {}

  public static String render(AnalysisResult result) {
    Map<String, Object> root = Json.obj();
    root.put("schemaVersion", SCHEMA_VERSION);
    Map<String, Object> tool = Json.obj();
    tool.put("name", Version.NAME);
    tool.put("version", Version.version());
    root.put("tool", tool);
    AnalysisResult.Stats s = result.stats();
    Map<String, Object> sum = Json.obj();
    List<FindingGroup> groups = result.groups();
    sum.put("findings", result.findings().size());
    sum.put("groups", groups.size());
    sum.put("cycles", result.findings().stream().filter(f -> f.chain().size() > 1).count());
    sum.put("classes", s.classes());
    sum.put("methods", s.methods());
    sum.put("libraryClasses", s.libraryClasses());
    sum.put("lockClasses", s.lockClasses());
    sum.put("skippedInputs", s.skippedInputs());
    sum.put("missingClasses", s.missingClasses());
    sum.put("truncated", s.truncated());
    root.put("summary", sum);
    // Findings in rank order, each group's lead first, then its variants.
    Map<Edge, Integer> edgeIds = new java.util.LinkedHashMap<>();
    List<Object> findings = new ArrayList<>();
    List<Object> groupList = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      FindingGroup g = groups.get(i);
      Map<String, Object> gm = Json.obj();
      gm.put("rank", i + 1);
      gm.put("rule", g.lead().rule().id());
      gm.put("confidence", g.lead().confidence().name().toLowerCase());
      gm.put("bounded", g.lead().bounded());
      if (g.sharedFrom() != null) {
        Map<String, Object> shared = Json.obj();
        shared.put("from", g.sharedFrom().key());
        shared.put("to", g.sharedTo().key());
        gm.put("sharedEdge", shared);
      }
      gm.put("lead", g.lead().fingerprint());
      gm.put("variants", g.variants().stream().map(Finding::fingerprint).toList());
      groupList.add(gm);
      for (Finding f : g.members()) {
        Map<String, Object> fm = finding(f, edgeIds);
        fm.put("group", i + 1);
        findings.add(fm);
      }
    }
    root.put("groups", groupList);
    root.put("findings", findings);
    root.put("edges", edgeIds.keySet().stream().map(JsonReport::edge).toList());
    List<Object> diags = new ArrayList<>();
    for (Diagnostic d : result.diagnostics()) {
      Map<String, Object> m = Json.obj();
      m.put("code", d.code());
      m.put("file", d.file());
      m.put("message", d.message());
      diags.add(m);
    }
    root.put("diagnostics", diags);
    return Json.write(root);
  }

  static Map<String, Object> lock(LockClass c) {
    Map<String, Object> m = Json.obj();
    m.put("key", c.key());
    m.put("name", c.display());
    m.put("kind", c.kind().name().toLowerCase());
    m.put("label", c.label());
    return m;
  }

  private static Map<String, Object> finding(Finding f, Map<Edge, Integer> edgeIds) {
    Map<String, Object> m = Json.obj();
    m.put("rule", f.rule().id());
    m.put("ruleId", f.rule().code());
    m.put("confidence", f.confidence().name().toLowerCase());
    m.put("bounded", f.bounded());
    m.put("confidenceReasons", f.confidenceReasons());
    m.put("fingerprint", f.fingerprint());
    m.put("chainText", f.chainText());
    m.put("chain", f.chain().stream().map(JsonReport::lock).toList());
    m.put("edges", f.edges().stream().map(e -> edgeIds.computeIfAbsent(e, x -> edgeIds.size())).toList());
    return m;
  }

  private static Map<String, Object> edge(Edge e) {
    Map<String, Object> em = Json.obj();
    em.put("from", e.from().key());
    em.put("fromMode", e.fromMode().name().toLowerCase());
    em.put("to", e.to().key());
    em.put("toMode", e.toMode().name().toLowerCase());
    em.put("timed", e.timed());
    em.put("witness", e.witness().frames().stream().map(Json::frame).toList());
    em.put("witnesses", e.witnesses());
    if (e.fromObjects() != null) {
      em.put("fromObjects", e.fromObjects());
    }
    if (e.toObjects() != null) {
      em.put("toObjects", e.toObjects());
    }
    if (e.witness().object() != null) {
      em.put("object", e.witness().object());
    }
    if (e.witness().omitted() > 0) {
      em.put("omittedFrames", e.witness().omitted());
      em.put("omittedAt", e.witness().omittedAt());
    }
    List<Object> held = new ArrayList<>();
    for (HeldLock h : e.held()) {
      Map<String, Object> hm = Json.obj();
      hm.put("lock", h.lock().key());
      hm.put("name", h.lock().display());
      hm.put("mode", h.mode().name().toLowerCase());
      hm.put("acquiredAt", h.acquiredAt().frames().stream().map(Json::frame).toList());
      if (h.acquiredAt().object() != null) {
        hm.put("object", h.acquiredAt().object());
      }
      held.add(hm);
    }
    em.put("held", held);
    return em;
  }
}
