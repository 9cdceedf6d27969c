package dev.lockorder.robust;

import static dev.lockorder.robust.BadInputTest.analyze;
import static dev.lockorder.robust.BadInputTest.assertStillFindsTheCycle;
import static dev.lockorder.robust.BadInputTest.diag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Diagnostic;
import dev.lockorder.Lockorder;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.input.InputReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How paths become classes: links are followed (loops said once), an input with nothing to
 * analyze is a usage error whether folder or jar, and a class file that sits where its name does
 * not say never shadows the real one.
 */
@Timeout(60)
class InputPathsTest {

  @Test
  void folderGivenAsALink_andLinkedFoldersInside_areRead(@TempDir Path tmp) throws IOException {
    Path wg = BadInputTest.wireguardCopy(tmp);
    Path asLink = Files.createSymbolicLink(tmp.resolve("link"), wg);
    assertStillFindsTheCycle(analyze(asLink));

    Path outer = Files.createDirectories(tmp.resolve("outer"));
    Files.createSymbolicLink(outer.resolve("classes"), wg);
    assertStillFindsTheCycle(analyze(outer));
  }

  @Test
  void linkBackToAFolderAbove_isSaidOnce_andTheRestIsRead(@TempDir Path tmp) throws IOException {
    Path wg = BadInputTest.wireguardCopy(tmp);
    Files.createSymbolicLink(wg.resolve("wireguard/up"), wg);
    AnalysisResult r = analyze(wg);
    assertStillFindsTheCycle(r);
    Diagnostic d = diag(r, "symlink-loop");
    assertTrue(d.file().endsWith("up"), d.toString());
    assertEquals(0, r.stats().skippedInputs(), "a loop skips nothing: everything under it was read once");
  }

  @Test
  void jarWithoutClasses_isAUsageError_likeAnEmptyFolder(@TempDir Path tmp) throws IOException {
    Path jar = tmp.resolve("resources-only.jar");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      z.write("Manifest-Version: 1.0\n".getBytes());
      z.putNextEntry(new ZipEntry("app.properties"));
    }
    InputReader.InputException e = assertThrows(InputReader.InputException.class,
        () -> Lockorder.analyze(AnalysisConfig.builder().input(jar).build()));
    assertTrue(e.getMessage().contains("no class files"), e.getMessage());
  }

  @Test
  void jarWithoutClassesBesideOthers_isSaid_andTheRestIsAnalyzed(@TempDir Path tmp) throws IOException {
    // lib/*.jar often holds an aggregator jar (netty-all) whose classes live in its dependencies.
    Path jar = tmp.resolve("aggregator.jar");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      z.write("Manifest-Version: 1.0\n".getBytes());
    }
    AnalysisResult r = analyze(jar, BadInputTest.wireguardCopy(tmp));
    assertStillFindsTheCycle(r);
    Diagnostic d = diag(r, "empty-input");
    assertTrue(d.file().endsWith("aggregator.jar") && d.message().contains("no class files"), d.toString());
  }

  @Test
  void classWhosePathDisagreesWithItsName_isSaid_andNeverShadowsTheRealOne(@TempDir Path tmp) throws IOException {
    // First in order, a copy of the fixed port's Netlink under another file name; then the buggy
    // port, whose Netlink sits where its name says. First-wins alone would take the fixed copy and
    // lose the cycle.
    Path first = Files.createDirectories(tmp.resolve("a/wireguard"));
    Files.copy(Fixtures.classes("wireguard-fixed").resolve("wireguard/Netlink.class"), first.resolve("NetlinkCopy.class"));
    AnalysisResult r = analyze(tmp.resolve("a"), Fixtures.classes("wireguard"));
    assertStillFindsTheCycle(r);
    Diagnostic d = diag(r, "misplaced-class");
    assertTrue(d.file().endsWith("NetlinkCopy.class") && d.message().contains("declares wireguard.Netlink"),
        d.toString());
  }

  @Test
  void classesWhereTheirNamesSay_areNotWarnedAbout() {
    AnalysisResult r = analyze(Fixtures.classes("wireguard"));
    assertTrue(r.diagnostics().stream().noneMatch(d -> d.code().equals("misplaced-class")), r.diagnostics().toString());
  }
}
