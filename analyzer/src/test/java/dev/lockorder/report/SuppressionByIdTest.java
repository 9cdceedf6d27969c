package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suppressions name a rule by its readable name (SuppressionTest) or by the opaque id code scanning
 * shows ({@code LO1001}); another rule's id suppresses nothing.
 */
class SuppressionByIdTest {
  static List<String> findings(Path dir, String onMethod) throws Exception {
    return SuppressionTest.findings(dir, "", "", onMethod);
  }

  @Test
  void ourAnnotation_withTheOpaqueId_suppresses(@TempDir Path tmp) throws Exception {
    assertEquals(List.of(), findings(tmp, "@dev.lockorder.annotations.SuppressLockOrder(\"LO1001\")"));
  }

  @Test
  void suppressFbWarnings_withTheOpaqueId_orItsPrefixedForm_suppresses(@TempDir Path tmp) throws Exception {
    assertEquals(List.of(), findings(tmp.resolve("a"),
        "@edu.umd.cs.findbugs.annotations.SuppressFBWarnings(\"LO1001\")"));
    assertEquals(List.of(), findings(tmp.resolve("b"),
        "@edu.umd.cs.findbugs.annotations.SuppressFBWarnings(\"lockorder:LO1001\")"));
  }

  @Test
  void anotherRulesOpaqueId_doesNotSuppress(@TempDir Path tmp) throws Exception {
    assertEquals(1, findings(tmp.resolve("a"), "@dev.lockorder.annotations.SuppressLockOrder(\"LO1002\")").size());
    assertEquals(1, findings(tmp.resolve("b"),
        "@edu.umd.cs.findbugs.annotations.SuppressFBWarnings(\"LO1002\")").size());
  }
}
