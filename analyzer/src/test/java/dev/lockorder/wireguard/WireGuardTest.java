package dev.lockorder.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisResult;
import dev.lockorder.cycles.Finding;
import dev.lockorder.fixtures.FixtureHarness;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.graph.HeldLock;
import dev.lockorder.graph.Mode;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flagship: the Java port of WireGuard's handshake workers and peer removal must give exactly
 * the cycle the kernel's lockdep printed, and the fixed port nothing.
 */
class WireGuardTest {
  static final String CHAIN = "(completion)WgDevice.handshakeSendWq --> (work)WgPeer.transmitHandshakeWork"
      + " --> WgDevice.staticIdentity.lock";

  static AnalysisResult buggy;
  static AnalysisResult fixed;

  @BeforeAll
  static void analyze() {
    buggy = Fixtures.analyze("wireguard");
    fixed = Fixtures.analyze("wireguard-fixed");
  }

  private static List<String> methods(Edge e) {
    return e.witness().frames().stream().map(Frame::shortMethod).collect(Collectors.toList());
  }

  private static void assertInOrder(List<String> actual, String... expected) {
    int i = 0;
    for (String a : actual) {
      if (i < expected.length && a.equals(expected[i])) {
        i++;
      }
    }
    assertEquals(expected.length, i, "expected " + List.of(expected) + " in order within " + actual);
  }

  @Test
  void buggyPort_reportsExactlyTheLockdepCycle() {
    assertEquals(1, buggy.findings().size(), () -> "findings: "
        + buggy.findings().stream().map(Finding::chainText).collect(Collectors.joining("\n")));
    Finding f = buggy.findings().get(0);
    assertEquals("LockOrderCycle", f.rule().id());
    assertEquals(CHAIN, f.chainText());
    assertEquals(3, f.edges().size());
    assertEquals("wg-kex-%s", f.chain().get(0).label(), "the executor's constant name is shown");
  }

  @Test
  void buggyPort_flushWitnessRunsFromSetDeviceWithTheLocksHeld() {
    Edge flush = buggy.findings().get(0).edges().get(2); // staticIdentity.lock -> (completion)
    assertEquals("WgDevice.staticIdentity.lock", flush.from().display());
    assertEquals(Mode.EXCLUSIVE, flush.fromMode(), "the write side is held");
    assertInOrder(methods(flush), "Netlink.setDevice", "Peers.remove", "Peers.removeAfterDead", "Workqueue.flush");
    assertEquals(Frame.Kind.WAIT, flush.witness().last().kind());
    List<String> held = flush.held().stream().map(h -> h.lock().display()).toList();
    assertTrue(held.contains("WgDevice.deviceUpdateLock"), held::toString);
    assertTrue(held.stream().anyMatch(h -> h.startsWith("Rtnl.")), held::toString);
    assertEquals("WgDevice.staticIdentity.lock", held.get(held.size() - 1));
    for (HeldLock h : flush.held()) {
      assertEquals("Netlink.setDevice", h.acquiredAt().first().shortMethod(), "held since setDevice: " + h);
    }
  }

  @Test
  void buggyPort_workerWitnessTakesTheReadLock() {
    Finding f = buggy.findings().get(0);
    Edge run = f.edges().get(0); // (completion) -> (work): the work item runs on the queue
    assertEquals(Frame.Kind.SUBMIT, run.witness().last().kind());
    Edge read = f.edges().get(1); // (work) -> staticIdentity.lock
    assertEquals(Mode.SHARED, read.toMode(), "the worker only reads the static identity");
    assertInOrder(methods(read), "Send.handshakeSendWorker", "Send.sendHandshakeInitiation",
        "Noise.handshakeCreateInitiation");
    assertEquals("Noise.handshakeCreateInitiation", read.witness().last().shortMethod());
  }

  @Test
  void buggyPort_matchesTheExpectationsInItsSource() {
    assertEquals(List.of(), FixtureHarness.check(buggy, Fixtures.sources("wireguard")));
  }

  @Test
  void fixedPort_reportsNothing() {
    assertEquals(List.of(), fixed.findings().stream().map(Finding::chainText).toList());
    assertEquals(List.of(), FixtureHarness.check(fixed, Fixtures.sources("wireguard-fixed")));
  }

  @Test
  void bothPorts_keepTheSafeFlushesAsEdgesButNotAsCycles() {
    // Flushing while only rtnl and deviceUpdateLock are held is a real dependency, not a cycle.
    for (AnalysisResult r : List.of(buggy, fixed)) {
      assertTrue(r.edges().stream().anyMatch(e -> e.from().display().equals("WgDevice.deviceUpdateLock")
          && e.to().display().startsWith("(completion)")), "deviceUpdateLock -> (completion) edge");
    }
  }
}
