package dev.lockorder.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisResult;
import dev.lockorder.cycles.Finding;
import dev.lockorder.fixtures.Fixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the catalogue's markers cannot say: counts, confidence, labels, witness choice. */
class PatternDetailsTest {
  static AnalysisResult result;

  @BeforeAll
  static void analyze() {
    result = Fixtures.analyze("patterns");
  }

  static List<Finding> about(String lockPrefix) {
    return result.findings().stream().filter(f -> f.chain().stream().anyMatch(c -> c.name().startsWith(lockPrefix)))
        .toList();
  }

  @Test
  void twoCyclesSharingAnEdge_areBothReported_once() {
    assertEquals(List.of("SharedEdgesAndPaths.X --> SharedEdgesAndPaths.Y",
            "SharedEdgesAndPaths.X --> SharedEdgesAndPaths.Y --> SharedEdgesAndPaths.Z"),
        about("SharedEdgesAndPaths.").stream().map(Finding::chainText).sorted().toList());
  }

  @Test
  void callsNotFollowed_areNoted_andKnownReceiversAreFollowed() {
    List<String> cut = result.diagnostics().stream().filter(d -> d.code().equals("calls-cut"))
        .map(d -> d.file()).toList();
    assertTrue(cut.contains("patterns/flow/UnknownReceiver$Step.run()V"), cut::toString);
    assertTrue(cut.stream().noneMatch(m -> m.startsWith("patterns/flow/ManyImplementations")), cut::toString);
  }

  @Test
  void unknownIdentity_fallsBackToTheTypeAndSaysSo() {
    Finding f = about("UnknownIdentity$Account").get(0);
    assertEquals(Finding.Confidence.LOW, f.confidence());
    assertTrue(f.chain().stream().anyMatch(c -> c.label().startsWith("unknown identity")), f.chain()::toString);
  }

  @Test
  void aLockClassNamedByAClass_saysWhichObjectEachStackLocked() {
    Finding f = about("AbstractClassMonitor$Channel").get(0);
    List<String> objects = f.edges().stream().map(e -> e.witness().object()).sorted().toList();
    assertEquals(List.of("this.channel", "this.out"), objects);
    String text = dev.lockorder.report.TextReport.render(result);
    assertTrue(text.contains("the object: this.out, in AbstractClassMonitor$Channel.sendEof"), text);
    assertTrue(text.contains("the held object: this, in AbstractClassMonitor$Channel.sendEof"), text);
    String sarif = dev.lockorder.report.SarifReport.render(result, List.of(), java.nio.file.Path.of("."));
    assertTrue(sarif.contains("(this.out in AbstractClassMonitor$Channel.sendEof) acquired while"), sarif);
  }

  @Test
  void aParentAndItsChild_areTwoObjectsOfOneLockClass_eachNamed() {
    Finding f = about("NestedInstances").stream().filter(x -> x.chainText().equals("NestedInstances --> NestedInstances"))
        .findFirst().orElseThrow();
    assertEquals(List.of("this.child", "this.parent"), f.edges().stream().map(e -> e.witness().object()).sorted().toList());
    String text = dev.lockorder.report.TextReport.render(result);
    assertTrue(text.contains("lock(NestedInstances/1);"), "the second object is lockdep's subclass 1: " + text);
    Finding args = about("ArgumentOrder$Account").get(0);
    assertEquals(Finding.Confidence.MEDIUM, args.confidence());
    assertTrue(args.confidenceReasons().get(0).contains("in the order its callers pass them"), args::toString);
    assertTrue(text.contains("the same code on another thread, with the two objects the other way round"), text);
  }

  @Test
  void aLockClassNamedByAField_needsNoObject() {
    Finding f = about("LongCycles.P").get(0);
    assertTrue(f.edges().stream().allMatch(e -> e.witness().object() == null
        && e.held().stream().allMatch(h -> h.acquiredAt().object() == null)), f::toString);
  }

  @Test
  void knownIdentities_areHighConfidence() {
    assertEquals(Finding.Confidence.HIGH, about("LongCycles.P").get(0).confidence());
    assertEquals(4, about("LongCycles.P").get(0).chain().size());
    assertEquals(3, about("LongCycles.A").get(0).chain().size());
  }

  @Test
  void aLongPathBetweenTwoLocks_isMediumAndSaysWhy() {
    Finding deep = about("DeepPath.").get(0);
    assertEquals(Finding.Confidence.MEDIUM, deep.confidence());
    assertTrue(deep.confidenceReasons().get(0).contains("runs through 5 calls after DeepPath.INDEX"), deep::toString);
    assertEquals(Finding.Confidence.HIGH, about("ShallowPath.").get(0).confidence());
  }

  @Test
  void classInitializationsAlone_areHigh_amongOtherLocksMedium() {
    Finding alone = about("SubclassInInitializer").get(0);
    assertEquals(Finding.Confidence.HIGH, alone.confidence(), alone::toString);
    assertTrue(alone.confidenceReasons().get(0).contains("first use"), alone::toString);
    Finding mixed = about("ClassInitUnderLock$").get(0);
    assertEquals(Finding.Confidence.MEDIUM, mixed.confidence(), mixed::toString);
    assertTrue(mixed.confidenceReasons().stream().anyMatch(r -> r.contains("first being initialized")), mixed::toString);
  }

  @Test
  void aCycleThroughAMapsBin_isMediumAndSaysWhy() {
    Finding bin = about("ComputeUnderBinLock.").get(0);
    assertEquals("(bin)ComputeUnderBinLock.counts --> ComputeUnderBinLock.stats", bin.chainText());
    assertEquals("bin", bin.chain().get(0).kind().name().toLowerCase());
    assertEquals(Finding.Confidence.MEDIUM, bin.confidence());
    assertTrue(bin.confidenceReasons().get(0).contains("both threads' keys fall into one bin"), bin::toString);
  }

  @Test
  void readReadAndGatedCycles_areNotReported() {
    assertEquals(List.of(), about("ReadReadSafe."));
    assertEquals(List.of(), about("GateLock."));
  }

  @Test
  void aClassAlsoAllocatedOutsideItsOneField_isNamedByItsDeclaringClass() {
    assertEquals(List.of("EmbeddedAndElsewhere$Connection.lock --> EmbeddedAndElsewhere$Connection.session.lock"),
        about("EmbeddedAndElsewhere$").stream().map(Finding::chainText).toList());
  }

  @Test
  void aFunctionTheJdkRuns_isMarkedWhereItIsHandedOver() {
    String text = dev.lockorder.report.TextReport.render(result);
    assertTrue(text.contains("ListenersRunByForEach$Registry.fire(ListenersRunByForEach.java:17)  [the JDK method called "
        + "here runs the function it is given, the frame above]"), text);
    assertEquals(List.of(), about("ListenersRunByForEachSafe$"));
  }
}
