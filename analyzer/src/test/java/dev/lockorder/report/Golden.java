package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden. Run with {@code -Dlockorder.updateGolden=true} to
 * rewrite them after an intended change, then review the diff.
 */
final class Golden {
  private static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  static void check(String name, String actual) throws IOException {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean("lockorder.updateGolden") || !Files.exists(file)) {
      Files.createDirectories(DIR);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      if (!Boolean.getBoolean("lockorder.updateGolden")) {
        throw new AssertionError("golden file " + file + " was missing and has been written; review and commit it");
      }
      return;
    }
    assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from golden file " + file);
  }
}
