package dev.lockorder;

import dev.lockorder.input.InputReader;
import dev.lockorder.input.Inputs;
import java.util.List;

/**
 * The analysis pipeline, one plain function per stage: class files, per-method lock facts,
 * summaries over the call graph, the lock graph, cycles. Reports are rendered from the result by
 * {@code dev.lockorder.report}.
 */
public final class Lockorder {

  private Lockorder() {}

  /**
   * Runs the whole analysis.
   *
   * @throws InputReader.InputException when an input path cannot be analyzed at all (missing, or a
   *     folder without classes): a usage error, exit code 2
   */
  public static AnalysisResult analyze(AnalysisConfig config) throws InputReader.InputException {
    Inputs inputs = InputReader.read(config.inputs(), config.classpath());
    // TODO(spine): facts, summaries, graph, cycles.
    return new AnalysisResult(List.of(), List.of(), inputs.diagnostics(),
        new AnalysisResult.Stats(0, 0, 0, inputs.skipped(), 0, 0, List.of()));
  }
}
