package dev.lockorder.precision;

import dev.lockorder.cycles.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hand verdicts on the corpus's group leads ({@code src/test/precision/verdicts.tsv}), and the
 * tally a report's leads get from them: the false share this project measures its precision by.
 */
final class Verdicts {
  static final Path LEDGER = Path.of("src/test/precision/verdicts.tsv");

  /** One verdict: TRUE, BOUNDED, UNSURE or FALSE, the cause letter of a false one, the evidence file. */
  record Verdict(String verdict, String cause, String evidence) {}

  /** A lead as the report shows it. */
  record Lead(String chain, Finding.Confidence confidence) {}

  private final Map<String, Verdict> byKey = new TreeMap<>();

  Verdicts(Path ledger) throws IOException {
    for (String line : Files.readAllLines(ledger)) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("library\t")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 5) {
        throw new IOException(ledger + ": not five tab-separated fields: " + line);
      }
      byKey.put(f[0] + "|" + f[4], new Verdict(f[1], f[2], f[3]));
    }
  }

  Verdict of(String library, String chain) {
    return byKey.get(library + "|" + chain);
  }

  /** The leads of {@code library} that have no verdict yet. */
  List<String> untriaged(String library, List<Lead> leads) {
    List<String> out = new ArrayList<>();
    for (Lead l : leads) {
      if (of(library, l.chain()) == null) {
        out.add(l.confidence().name().toLowerCase() + "  " + l.chain());
      }
    }
    return out;
  }

  /** Counts of verdicts by confidence over every library's leads, as a Markdown table. */
  String table(Map<String, List<Lead>> leadsByLibrary) {
    List<String> kinds = List.of("TRUE", "BOUNDED", "UNSURE", "FALSE", "no verdict");
    Map<String, int[]> rows = new TreeMap<>();
    int[] all = new int[kinds.size()];
    for (var e : leadsByLibrary.entrySet()) {
      for (Lead l : e.getValue()) {
        Verdict v = of(e.getKey(), l.chain());
        int k = v == null ? kinds.size() - 1 : Math.max(0, kinds.indexOf(v.verdict()));
        rows.computeIfAbsent(l.confidence().name().toLowerCase(), x -> new int[kinds.size()])[k]++;
        all[k]++;
      }
    }
    StringBuilder sb = new StringBuilder("| confidence | leads | " + String.join(" | ", kinds) + " | false share |\n");
    sb.append("|---|---:|").append("---:|".repeat(kinds.size() + 1)).append('\n');
    rows.forEach((c, n) -> row(sb, c, n));
    row(sb, "**all**", all);
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, int[] n) {
    int total = 0;
    for (int x : n) {
      total += x;
    }
    sb.append("| ").append(name).append(" | ").append(total);
    for (int x : n) {
      sb.append(" | ").append(x);
    }
    sb.append(" | ").append(total == 0 ? "" : Math.round(100.0 * n[3] / total) + "%").append(" |\n");
  }
}
