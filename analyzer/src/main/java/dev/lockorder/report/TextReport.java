package dev.lockorder.report;

import dev.lockorder.AnalysisResult;

/** The lockdep-style text report. */
public final class TextReport {
  private TextReport() {}

  public static String render(AnalysisResult result) {
    return ""; // TODO(reports)
  }
}
