package dev.lockorder.implicit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisResult;
import dev.lockorder.cycles.Finding;
import dev.lockorder.fixtures.FixtureHarness;
import dev.lockorder.fixtures.Fixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The implicit-lock catalogue (fixtures/implicit) against the expectations in its source. */
class ImplicitCatalogueTest {
  static AnalysisResult result;

  @BeforeAll
  static void analyze() {
    result = Fixtures.analyze("implicit");
  }

  @Test
  void catalogue_matchesItsExpectationsExactly() {
    assertEquals("", String.join("\n", FixtureHarness.check(result, Fixtures.sources("implicit"))));
  }

  static Finding about(String lockPrefix) {
    return result.findings().stream().filter(f -> f.chain().stream().anyMatch(c -> c.name().startsWith(lockPrefix)))
        .findFirst().orElseThrow(() -> new AssertionError("no finding about " + lockPrefix));
  }

  @Test
  void cyclesConfinedToOneThread_areNotReported_butNoted() {
    List<String> notes = result.diagnostics().stream().filter(d -> d.code().equals("one-thread"))
        .map(d -> d.file() + ": " + d.message()).toList();
    assertEquals(2, notes.size(), notes::toString);
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("the main thread (@UiThread, @MainThread): 1 cycle not reported")),
        notes::toString);
    assertTrue(notes.stream().anyMatch(n -> n.startsWith("the one thread of (completion)TasksOnOneThread.SERIAL: 1 cycle"
        + " not reported")), notes::toString);
  }

  @Test
  void timedWaits_areLowConfidence_untimedHigh() {
    assertEquals(Finding.Confidence.LOW, about("DrainUnderLock.CACHE").confidence());
    assertEquals(Finding.Confidence.HIGH, about("FutureGetUnderLock.INDEX").confidence());
  }

  @Test
  void waitsForASignal_areLowConfidenceAndSayWhy_waitsForAnExecutorsWorkHigh() {
    Finding signal = about("MonitorWait.outer");
    assertEquals(Finding.Confidence.LOW, signal.confidence(), signal::toString);
    assertTrue(!signal.bounded(), "an untimed wait for a signal is no stall");
    assertTrue(signal.confidenceReasons().stream().anyMatch(r -> r.contains("until another thread signals it")),
        signal::toString);
    assertEquals(Finding.Confidence.HIGH, about("FutureGetUnderLock.INDEX").confidence());
  }

  @Test
  void timedWaits_readAsBoundedStalls_untimedAsDeadlocks() {
    assertTrue(about("DrainUnderLock.CACHE").bounded());
    assertTrue(!about("FutureGetUnderLock.INDEX").bounded());
    String text = dev.lockorder.report.TextReport.render(result);
    assertTrue(text.contains("possible lock-order stall (bounded: one wait has a timeout)"), text);
    assertTrue(text.contains("STALL, until the timed wait gives up"), text);
    assertTrue(text.contains("*** DEADLOCK ***"), text);
  }

  @Test
  void timedWaitsALoopRepeats_areDeadlocks_thoseWithADeadlineStalls() {
    assertTrue(!about("TimedWaitInLoop.outer").bounded());
    assertTrue(about("TimedWaitWithDeadline.outer").bounded());
  }

  @Test
  void timedWaitsOncePerElement_areStalls_retriedOnesDeadlocks() {
    assertTrue(about("TimedWaitPerElement.outer").bounded());
    assertTrue(!about("TimedWaitRetriedPerElement.outer").bounded());
  }

  @Test
  void executorNames_areShownBesideThem() {
    Finding f = about("FlushUnderLock.STATE");
    assertTrue(f.chain().stream().anyMatch(c -> c.label().equals("state-queue")), f.chain()::toString);
  }
}
