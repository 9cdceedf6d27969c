package dev.lockorder.report;

import dev.lockorder.AnalysisResult;
import dev.lockorder.cycles.Finding;
import dev.lockorder.cycles.FindingGroup;
import java.util.List;

/**
 * The text report: an index of the findings, grouped by root cause and most worth a reader's time
 * first, so that the first screen shows what to look at; then each group's lead in lockdep's form
 * ({@link LockdepBlock}) with its variants listed under it; then the run's summary.
 */
public final class TextReport {
  /** Variants listed by name under their lead; the JSON report lists them all. */
  static final int MAX_VARIANTS_SHOWN = 20;

  private TextReport() {}

  public static String render(AnalysisResult result) {
    StringBuilder sb = new StringBuilder();
    List<FindingGroup> groups = result.groups();
    if (!groups.isEmpty()) {
      index(sb, groups, result.findings().size());
    }
    for (int i = 0; i < groups.size(); i++) {
      FindingGroup g = groups.get(i);
      LockdepBlock.render(sb, g.lead(), "  (#" + (i + 1) + " of " + groups.size() + ")");
      variants(sb, g);
      sb.append('\n');
    }
    summary(sb, result, groups.size());
    return sb.toString();
  }

  private static String kind(Finding f) {
    if (f.chain().size() == 1) {
      return f.rule().id();
    }
    return f.bounded() ? "stall" : "deadlock";
  }

  private static void index(StringBuilder sb, List<FindingGroup> groups, int findings) {
    sb.append("lockorder: ").append(groups.size()).append(groups.size() == 1 ? " finding" : " findings");
    if (findings > groups.size()) {
      sb.append(" (").append(findings).append(" cycles and locks, grouped by the edge they share)");
    }
    sb.append(", most likely first:\n");
    for (int i = 0; i < groups.size(); i++) {
      FindingGroup g = groups.get(i);
      Finding f = g.lead();
      sb.append(String.format("  #%-3d %-6s %-8s %s", i + 1, f.confidence().name().toLowerCase(), kind(f),
          f.chain().size() == 1 ? f.chainText() : f.chainText() + " --> " + f.chain().get(0).display()));
      if (!g.variants().isEmpty()) {
        sb.append("   (+").append(g.variants().size()).append(g.variants().size() == 1 ? " variant)" : " variants)");
      }
      sb.append('\n');
    }
    sb.append('\n');
  }

  private static void variants(StringBuilder sb, FindingGroup g) {
    int n = g.variants().size();
    if (n == 0) {
      return;
    }
    sb.append('\n').append(n).append(n == 1 ? " more cycle runs" : " more cycles run").append(" through ")
        .append(g.sharedEdgeText()).append(" (reversing that order removes ").append(n == 1 ? "it" : "them")
        .append(" too):\n");
    for (int i = 0; i < Math.min(n, MAX_VARIANTS_SHOWN); i++) {
      Finding v = g.variants().get(i);
      sb.append("  ").append(v.chainText()).append("   [").append(v.confidence().name().toLowerCase())
          .append(v.bounded() ? ", bounded" : "").append("]\n");
    }
    if (n > MAX_VARIANTS_SHOWN) {
      sb.append("  ... and ").append(n - MAX_VARIANTS_SHOWN).append(" more (all in the JSON report)\n");
    }
  }

  private static void summary(StringBuilder sb, AnalysisResult r, int groups) {
    long cycles = r.findings().stream().filter(f -> f.chain().size() > 1).count();
    AnalysisResult.Stats s = r.stats();
    if (r.findings().isEmpty()) {
      sb.append("lockorder: no lock-order problems found\n");
    }
    sb.append("lockorder: ").append(cycles).append(cycles == 1 ? " cycle" : " cycles").append(" (")
        .append(groups).append(groups == 1 ? " finding" : " findings");
    if (groups < r.findings().size()) {
      sb.append(", grouped from ").append(r.findings().size());
    }
    sb.append("), ")
        .append(s.classes()).append(" classes, ").append(s.methods()).append(" methods, ").append(s.lockClasses())
        .append(" lock classes, ").append(s.skippedInputs()).append(" inputs skipped, ").append(s.missingClasses())
        .append(" classes missing").append('\n');
    for (String limit : s.truncated()) {
      sb.append("lockorder: limit hit: ").append(limit).append('\n');
    }
  }
}
