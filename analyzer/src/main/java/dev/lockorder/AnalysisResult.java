package dev.lockorder;

import dev.lockorder.cycles.Finding;
import dev.lockorder.cycles.FindingGroup;
import dev.lockorder.cycles.Grouping;
import dev.lockorder.graph.Edge;
import java.util.List;

/**
 * What one run found.
 *
 * @param findings every finding, in a deterministic order
 * @param edges the whole lock graph's edges, for reports that want them
 * @param diagnostics warnings about the input, sorted by file
 * @param stats counts for the summary line
 */
public record AnalysisResult(List<Finding> findings, List<Edge> edges, List<Diagnostic> diagnostics, Stats stats) {

  public AnalysisResult {
    findings = List.copyOf(findings);
    edges = List.copyOf(edges);
    diagnostics = List.copyOf(diagnostics);
  }

  /** The findings grouped by root cause, most worth a reader's time first (computed on each call). */
  public List<FindingGroup> groups() {
    return Grouping.group(findings);
  }

  /**
   * Counts of what was read and what was left out.
   *
   * @param classes application classes analyzed
   * @param methods methods with bytecode analyzed
   * @param libraryClasses classes read from the classpath only for types
   * @param skippedInputs files or entries that could not be read
   * @param missingClasses referenced classes found neither in the input nor the classpath
   * @param lockClasses nodes of the lock graph
   * @param truncated limits hit, e.g. {@code maxCycles}; empty when none
   */
  public record Stats(int classes, int methods, int libraryClasses, int skippedInputs, int missingClasses,
      int lockClasses, List<String> truncated) {
    public Stats {
      truncated = List.copyOf(truncated);
    }
  }
}
