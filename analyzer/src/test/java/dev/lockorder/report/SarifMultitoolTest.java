package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's SARIF Multitool finds no error and no warning in our logs, with the Sarif, Gh, Ghas and
 * GHAzDO rule kinds: runs {@code .ci/sarif-validate}, which builds the logs (the WireGuard port, the
 * multi-module IT, a source tree with spaces, a jar without debug information) and validates them.
 * It takes minutes, builds the project again and needs npm (and npmjs.org the first time), so it
 * is opt-in ({@code -Dlockorder.multitool=true}) and skipped where npm is missing.
 */
class SarifMultitoolTest {
  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theMultitool_findsNoErrorOrWarning_inAnyLog() throws Exception {
    assumeTrue(Boolean.getBoolean("lockorder.multitool"), "opt-in: -Dlockorder.multitool=true");
    assumeTrue(onPath("npm") && onPath("node") && onPath("bash"), "npm, node or bash is not on the PATH");
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path output = Files.createTempFile("sarif-validate", ".log");
    Process p = new ProcessBuilder("bash", root.resolve(".ci/sarif-validate").toString())
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertTrue(p.waitFor(30, TimeUnit.MINUTES), "timed out; see " + output);
    String log = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println(log);
    assertEquals(0, p.exitValue(), log);
    assertTrue(log.contains("github/a-wireguard.sarif") && log.contains("azure/d-no-debug-info.sarif"), log);
  }
}
