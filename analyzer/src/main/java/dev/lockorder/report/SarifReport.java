package dev.lockorder.report;

import dev.lockorder.AnalysisResult;
import java.nio.file.Path;
import java.util.List;

/** SARIF 2.1.0 for code scanning. */
public final class SarifReport {
  private SarifReport() {}

  /**
   * @param sourceRoots folders holding the sources, to turn classes into file locations
   * @param repoRoot the folder that URIs are made relative to
   */
  public static String render(AnalysisResult result, List<Path> sourceRoots, Path repoRoot) {
    return "{}"; // TODO(reports)
  }
}
