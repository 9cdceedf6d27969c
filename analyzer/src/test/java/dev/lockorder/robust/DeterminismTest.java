package dev.lockorder.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.report.JsonReport;
import dev.lockorder.report.SarifReport;
import dev.lockorder.report.TextReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same input gives byte-identical reports across runs, thread counts and input path order. */
class DeterminismTest {

  static String all(List<Path> inputs, int threads) throws Exception {
    AnalysisResult r = Lockorder.analyze(AnalysisConfig.builder().inputs(inputs).threads(threads).build());
    return TextReport.render(r) + JsonReport.render(r) + SarifReport.render(r, List.of(), Path.of("/"));
  }

  /** The buggy port split in two folders, so that their order can be swapped. */
  static List<Path> halves(Path tmp) throws IOException {
    Path src = Fixtures.classes("wireguard");
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    try (Stream<Path> s = Files.walk(src)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
      for (int i = 0; i < files.size(); i++) {
        Path dst = (i % 2 == 0 ? a : b).resolve(src.relativize(files.get(i)).toString());
        Files.createDirectories(dst.getParent());
        Files.copy(files.get(i), dst);
      }
    }
    return List.of(a, b);
  }

  @Test
  void reports_areByteIdenticalAcrossRunsThreadsAndInputOrder(@TempDir Path tmp) throws Exception {
    List<Path> ab = halves(tmp);
    String one = all(ab, 1);
    assertEquals(one, all(ab, 1), "a second run");
    assertEquals(one, all(ab, 2), "two threads");
    assertEquals(one, all(List.of(ab.get(1), ab.get(0)), 2), "the paths in the other order");
    assertEquals(one, all(List.of(Fixtures.classes("wireguard")), 2), "the same classes in one folder");
  }
}
