package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.Lockorder;
import dev.lockorder.cycles.Finding;
import dev.lockorder.fixtures.TestCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** @SuppressLockOrder on a method, a class or a lock field, and SuppressFBWarnings by rule id. */
class SuppressionTest {
  static final String TEMPLATE = """
      package p;
      %s
      class Bank {
        %s final Object a = new Object();
        final Object b = new Object();
        %s void one() { synchronized (a) { synchronized (b) { } } }
        void two() { synchronized (b) { synchronized (a) { } } }
      }
      """;

  static final String SPOTBUGS = """
      package edu.umd.cs.findbugs.annotations;
      @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS)
      public @interface SuppressFBWarnings { String[] value() default {}; String justification() default ""; }
      """;

  static List<String> findings(Path dir, String onClass, String onField, String onMethod) throws Exception {
    Path classes = TestCompiler.compile(dir, Map.of(
        "p/Bank.java", TEMPLATE.formatted(onClass, onField, onMethod),
        "edu/umd/cs/findbugs/annotations/SuppressFBWarnings.java", SPOTBUGS));
    return Lockorder.analyze(AnalysisConfig.builder().input(classes).build()).findings().stream()
        .map(Finding::chainText).toList();
  }

  static final String OURS = "@dev.lockorder.annotations.SuppressLockOrder(value = \"LockOrderCycle\", "
      + "justification = \"one() and two() never run concurrently\")";

  @Test
  void unsuppressed_isReported(@TempDir Path tmp) throws Exception {
    assertEquals(1, findings(tmp, "", "", "").size());
  }

  @Test
  void onMethod_onClass_onField_suppress(@TempDir Path tmp) throws Exception {
    assertEquals(List.of(), findings(tmp.resolve("m"), "", "", OURS));
    assertEquals(List.of(), findings(tmp.resolve("c"), OURS, "", ""));
    assertEquals(List.of(), findings(tmp.resolve("f"), "", OURS, ""));
  }

  @Test
  void anotherRulesId_doesNotSuppress(@TempDir Path tmp) throws Exception {
    String other = "@dev.lockorder.annotations.SuppressLockOrder(\"ReadWriteUpgrade\")";
    assertEquals(1, findings(tmp, "", "", other).size());
  }

  @Test
  void suppressFbWarnings_withOurRuleId_suppresses(@TempDir Path tmp) throws Exception {
    assertEquals(List.of(), findings(tmp.resolve("s"), "",
        "", "@edu.umd.cs.findbugs.annotations.SuppressFBWarnings(\"LockOrderCycle\")"));
    assertEquals(1, findings(tmp.resolve("t"), "", "",
        "@edu.umd.cs.findbugs.annotations.SuppressFBWarnings(\"IS2_INCONSISTENT_SYNC\")").size());
  }
}
