package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.cycles.Finding;
import dev.lockorder.cycles.FindingGroup;
import dev.lockorder.cycles.Grouping;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.graph.Edge;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Findings grouped by the edge they share, ranked, and reported with bounded witnesses. */
class GroupingTest {
  static AnalysisResult patterns;

  @BeforeAll
  static void analyze() {
    patterns = Fixtures.analyze("patterns");
  }

  static List<FindingGroup> groupsAbout(String prefix) {
    return patterns.groups().stream()
        .filter(g -> g.lead().chain().stream().anyMatch(c -> c.name().startsWith(prefix))).toList();
  }

  @Test
  void cyclesThroughOneEdge_areOneGroup_ledByTheShortest() {
    List<FindingGroup> gs = groupsAbout("SharedEdgesAndPaths.");
    assertEquals(1, gs.size(), gs::toString);
    FindingGroup g = gs.get(0);
    assertEquals("SharedEdgesAndPaths.X --> SharedEdgesAndPaths.Y", g.lead().chainText());
    assertEquals(List.of("SharedEdgesAndPaths.X --> SharedEdgesAndPaths.Y --> SharedEdgesAndPaths.Z"),
        g.variants().stream().map(Finding::chainText).toList());
    assertEquals("SharedEdgesAndPaths.X --> SharedEdgesAndPaths.Y", g.sharedEdgeText());
  }

  @Test
  void cyclesWithNoEdgeInCommon_stayApart() {
    List<FindingGroup> gs = groupsAbout("LongCycles.");
    assertEquals(2, gs.size(), gs::toString);
    assertTrue(gs.stream().allMatch(g -> g.variants().isEmpty()), gs::toString);
  }

  @Test
  void initializationCycles_areGroupedByTheClassTheyShare() {
    List<FindingGroup> gs = groupsAbout("SubclassesInInitializer");
    assertEquals(1, gs.size(), gs::toString);
    assertEquals(1, gs.get(0).variants().size(), gs::toString);
    assertEquals(null, gs.get(0).sharedFrom());
  }

  @Test
  void groups_areRanked_highBeforeLow_deadlocksBeforeStalls_shortBeforeLong() {
    List<Finding> leads = patterns.groups().stream().map(FindingGroup::lead).toList();
    assertTrue(leads.size() > 10, leads::toString);
    for (int i = 1; i < leads.size(); i++) {
      assertTrue(Grouping.RANK.compare(leads.get(i - 1), leads.get(i)) < 0, leads.get(i - 1) + " / " + leads.get(i));
    }
    assertEquals(Finding.Confidence.HIGH, leads.get(0).confidence());
    assertEquals(Finding.Confidence.LOW, leads.get(leads.size() - 1).confidence());
  }

  @Test
  void everyFinding_isInExactlyOneGroup() {
    long members = patterns.groups().stream().mapToLong(g -> g.members().size()).sum();
    assertEquals(patterns.findings().size(), members);
  }

  @Test
  void anEdgeReachedByTwoPaths_keepsTheShortestWitness_andCountsBoth() {
    Edge yx = edge("SharedEdgesAndPaths.Y", "SharedEdgesAndPaths.X");
    assertEquals(2, yx.witnesses());
    assertEquals("yx", yx.witness().last().method());
    assertEquals(1, edge("SharedEdgesAndPaths.X", "SharedEdgesAndPaths.Y").witnesses());
  }

  static Edge edge(String from, String to) {
    return patterns.edges().stream().filter(e -> e.from().name().equals(from) && e.to().name().equals(to))
        .findFirst().orElseThrow();
  }

  @Test
  void aMonitorKnownOnlyByAnInterface_isLowConfidence_andSaysWhy() {
    Finding f = groupsAbout("InterfaceMonitor$").get(0).lead();
    assertEquals(Finding.Confidence.LOW, f.confidence());
    assertTrue(f.confidenceReasons().get(0).contains("known only by its type (named by its interface)"),
        f.confidenceReasons()::toString);
    Finding twin = groupsAbout("ConcreteMonitor$").get(0).lead();
    assertEquals(Finding.Confidence.HIGH, twin.confidence());
    assertTrue(twin.confidenceReasons().get(0).startsWith("every lock is named"), twin.confidenceReasons()::toString);
    Finding byAbstractClass = groupsAbout("AbstractClassMonitor$").get(0).lead();
    assertEquals(Finding.Confidence.HIGH, byAbstractClass.confidence(), byAbstractClass.confidenceReasons()::toString);
  }

  @Test
  void aPathThroughACallOnlyTheHierarchyAllows_isMediumConfidence_andNamesTheCall() {
    Finding f = groupsAbout("GuessedDispatch.").get(0).lead();
    assertEquals(Finding.Confidence.MEDIUM, f.confidence());
    assertTrue(f.confidenceReasons().get(0).contains("GuessedDispatch.dispatch(GuessedDispatch.java:34) -->"
        + " GuessedDispatch$Locking.handle, a call the class hierarchy sent there"),
        f.confidenceReasons()::toString);
    assertTrue(f.confidenceReasons().get(0).contains("no object was seen reaching its receiver")
        && !f.confidenceReasons().get(0).contains("container"), f.confidenceReasons()::toString);
    assertTrue(TextReport.render(patterns).contains("GuessedDispatch.dispatch(GuessedDispatch.java:34)  [where"
        + " the class hierarchy sends this call; nothing seen ties it to this method: no object was seen reaching"
        + " the receiver]"));
    Finding twin = groupsAbout("SeenDispatch.").get(0).lead();
    assertEquals(Finding.Confidence.HIGH, twin.confidence(), twin.confidenceReasons()::toString);
  }

  @Test
  void oneImplementationOfAnOutsideType_onAnObjectFromOutside_isMediumConfidence() {
    Finding f = groupsAbout("OutsideObjectOneImplementation.").get(0).lead();
    assertEquals(Finding.Confidence.MEDIUM, f.confidence(), f.confidenceReasons()::toString);
    assertTrue(f.confidenceReasons().get(0).contains("OutsideObjectOneImplementation$Locking.flush, a call the"
        + " class hierarchy sent there"), f.confidenceReasons()::toString);
    Finding twin = groupsAbout("OwnObjectOneImplementation.").get(0).lead();
    assertEquals(Finding.Confidence.HIGH, twin.confidence(), twin.confidenceReasons()::toString);
  }

  @Test
  void aPathThroughAnElementOfSeveralClasses_isMediumConfidence_oneClassIsHigh() {
    Finding f = groupsAbout("ElementOfSeveralClasses$").get(0).lead();
    assertEquals(Finding.Confidence.MEDIUM, f.confidence(), f.confidenceReasons()::toString);
    assertTrue(f.confidenceReasons().get(0).contains("its receiver is an element of a container")
        && !f.confidenceReasons().get(0).contains("class hierarchy"), f.confidenceReasons()::toString);
    assertTrue(TextReport.render(patterns).contains("this one: the receiver is a container's element]"));
    Finding twin = groupsAbout("ElementOfOneClass$").get(0).lead();
    assertEquals(Finding.Confidence.HIGH, twin.confidence(), twin.confidenceReasons()::toString);
  }

  @Test
  void sarifLevels_followConfidence_errorWarningNote() throws Exception {
    var results = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(SarifReport.render(patterns, List.of(), java.nio.file.Path.of("/"))).get("runs").get(0).get("results");
    java.util.Map<String, String> levels = new java.util.TreeMap<>();
    for (var r : results) {
      levels.put(r.get("properties").get("confidence").asText(), r.get("level").asText());
    }
    assertEquals(java.util.Map.of("high", "error", "medium", "warning", "low", "note"), levels);
  }

  @Test
  void textReport_indexesTheGroups_andListsVariantsUnderTheirLead() {
    String text = TextReport.render(patterns);
    assertTrue(text.startsWith("lockorder: " + patterns.groups().size() + " findings ("), text.lines().findFirst()
        .orElse(""));
    assertTrue(text.contains("1 more cycle runs through SharedEdgesAndPaths.X --> SharedEdgesAndPaths.Y"));
    assertTrue(text.contains("  SharedEdgesAndPaths.X --> SharedEdgesAndPaths.Y --> SharedEdgesAndPaths.Z   [high]"));
    assertEquals(patterns.groups().size(), text.lines().filter(l -> l.startsWith("WARNING: ")).count());
  }

  @Test
  void json_writesEachEdgeOnce_andFindingsPointIntoTheTable() throws Exception {
    var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(JsonReport.render(patterns));
    var edges = root.get("edges");
    java.util.Set<String> distinct = new java.util.HashSet<>();
    int refs = 0;
    for (var f : root.get("findings")) {
      for (var i : f.get("edges")) {
        refs++;
        var e = edges.get(i.asInt());
        // The witness too: two objects of one lock class (a parent and its child) make two
        // dependencies of that class on itself, one each way.
        distinct.add(e.get("from").asText() + e.get("fromMode") + e.get("to").asText() + e.get("toMode") + e.get("timed")
            + e.get("witness"));
      }
    }
    assertEquals(distinct.size(), edges.size(), "each edge once");
    assertTrue(refs > edges.size(), "the X -> Y edge of SharedEdgesAndPaths serves two cycles: " + refs);
  }

  @Test
  void aWitnessCutByTheDepthLimit_saysWhereAndHowMuch() throws Exception {
    AnalysisResult cut = Lockorder.analyze(AnalysisConfig.builder().input(Fixtures.classes("wireguard"))
        .maxWitnessDepth(4).threads(1).build());
    String text = TextReport.render(cut);
    assertTrue(text.contains("frames omitted here (--max-witness-depth)"), text);
    assertTrue(JsonReport.render(cut).contains("\"omittedFrames\""));
    AnalysisResult whole = Fixtures.analyze("wireguard");
    assertFalse(TextReport.render(whole).contains("frames omitted"));
    assertFalse(JsonReport.render(whole).contains("\"omittedFrames\""));
  }
}
