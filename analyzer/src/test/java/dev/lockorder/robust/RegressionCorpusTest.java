package dev.lockorder.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.input.ClassFile;
import dev.lockorder.input.Inputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays the inputs that once broke the analyzer: none may throw, and a skipped one is named. */
class RegressionCorpusTest {
  static Stream<Path> corpus() throws IOException {
    return Files.list(Path.of("src/test/resources/robust")).filter(p -> p.toString().endsWith(".class")).sorted();
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void corpusInput_isAWarningNotACrash(Path input) throws IOException {
    ClassFile f = new ClassFile(input.toString(), Files.readAllBytes(input), false);
    AnalysisResult r = Lockorder.analyze(new Inputs(List.of(f), List.of(), 0), AnalysisConfig.builder().build());
    // Either read as some class (the bytes still parse) or skipped with a warning naming the file.
    if (r.stats().classes() == 0) {
      assertTrue(r.diagnostics().stream().anyMatch(d -> d.file().equals(input.toString())), r.diagnostics()::toString);
    }
    assertEquals(1, r.stats().classes() + r.stats().skippedInputs());
  }
}
