package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.Lockorder;
import dev.lockorder.cycles.Finding;
import dev.lockorder.fixtures.TestCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fingerprints survive moved lines and unrelated methods, and change when the cycle does. */
class FingerprintTest {
  static final String BASE = """
      package p;
      class Bank {
        final Object a = new Object();
        final Object b = new Object();
        void one() { synchronized (a) { synchronized (b) { } } }
        void two() { synchronized (b) { synchronized (a) { } } }
      }
      """;

  static final String MOVED = """
      package p;
      // Lines moved down, and an unrelated method added.
      class Bank {

        final Object a = new Object();
        final Object b = new Object();
        int unrelated(int x) { return x * 2; }

        void one() {
          synchronized (a) { synchronized (b) { } }
        }

        void two() {
          synchronized (b) {
            synchronized (a) { }
          }
        }
      }
      """;

  static final String OTHER = BASE.replace("final Object b", "final Object c").replace("(b)", "(c)");

  static List<String> fingerprints(Path dir, String src) throws Exception {
    Path classes = TestCompiler.compile(dir, Map.of("p/Bank.java", src));
    return Lockorder.analyze(AnalysisConfig.builder().input(classes).build()).findings().stream()
        .map(Finding::fingerprint).toList();
  }

  @Test
  void fingerprint_stableAcrossMovedLinesAndUnrelatedMethods(@TempDir Path tmp) throws Exception {
    List<String> base = fingerprints(tmp.resolve("a"), BASE);
    assertEquals(1, base.size());
    assertEquals(base, fingerprints(tmp.resolve("b"), MOVED));
  }

  @Test
  void fingerprint_changesWhenTheLocksDo(@TempDir Path tmp) throws Exception {
    assertNotEquals(fingerprints(tmp.resolve("a"), BASE), fingerprints(tmp.resolve("c"), OTHER));
  }
}
