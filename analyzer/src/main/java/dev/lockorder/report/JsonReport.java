package dev.lockorder.report;

import dev.lockorder.AnalysisResult;

/** The JSON report, in the documented, versioned schema. */
public final class JsonReport {
  private JsonReport() {}

  public static String render(AnalysisResult result) {
    return "{}"; // TODO(reports)
  }
}
