package dev.lockorder.report;

import dev.lockorder.cycles.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A baseline file: the fingerprints of accepted findings, one per line, sorted, with {@code #}
 * comments. Written when missing; otherwise only findings not in it count.
 */
public final class Baseline {
  private Baseline() {}

  public static boolean exists(Path file) {
    return Files.isRegularFile(file);
  }

  public static Set<String> read(Path file) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t.split("\\s+")[0]);
      }
    }
    return out;
  }

  public static void write(Path file, List<Finding> findings) throws IOException {
    StringBuilder sb = new StringBuilder("# lockorder baseline: fingerprints of accepted findings\n");
    Set<String> lines = new TreeSet<>();
    for (Finding f : findings) {
      lines.add(f.fingerprint() + " " + f.rule().id() + " " + f.chainText());
    }
    lines.forEach(l -> sb.append(l).append('\n'));
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** The findings whose fingerprints the baseline does not hold. */
  public static List<Finding> newOnly(List<Finding> findings, Set<String> baseline) {
    return findings.stream().filter(f -> !baseline.contains(f.fingerprint())).toList();
  }
}
