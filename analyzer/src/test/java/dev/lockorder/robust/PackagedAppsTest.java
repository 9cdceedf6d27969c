package dev.lockorder.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisResult;
import dev.lockorder.fixtures.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Applications packaged by Spring Boot ({@code BOOT-INF/}) and as web archives ({@code WEB-INF/}):
 * their own classes are analyzed, the libraries packed beside them resolve types without being
 * reported on. The library here is the pattern catalogue, full of cycles: none may show.
 */
class PackagedAppsTest {

  static Path app(Path tmp, String layout) throws IOException {
    Path jar = tmp.resolve(layout.equals("BOOT-INF") ? "app.jar" : "app.war");
    try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
      Archives.add(z, Fixtures.classes("wireguard"), layout + "/classes/");
      Archives.put(z, layout + "/lib/patterns.jar", Archives.jar(Fixtures.classes("patterns")));
      if (layout.equals("BOOT-INF")) {
        // The launcher's place: classes at the root of a Spring Boot jar are not the application.
        Archives.add(z, Fixtures.classes("implicit"), "");
      }
    }
    return jar;
  }

  @ParameterizedTest
  @ValueSource(strings = {"BOOT-INF", "WEB-INF"})
  void packagedLibraries_resolveTypes_andAreNotReportedOn(String layout, @TempDir Path tmp) throws IOException {
    AnalysisResult r = BadInputTest.analyze(app(tmp, layout));
    BadInputTest.assertStillFindsTheCycle(r);
    assertTrue(r.diagnostics().stream().noneMatch(d -> d.code().equals("nested-jar")), r.diagnostics().toString());
    assertTrue(r.stats().libraryClasses() > 10, "the packed library was read: " + r.stats());
  }

  @Test
  void aBrokenPackedLibrary_isSaid_andTheApplicationStillAnalyzed(@TempDir Path tmp) throws IOException {
    Path jar = tmp.resolve("app.jar");
    try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
      Archives.add(z, Fixtures.classes("wireguard"), "BOOT-INF/classes/");
      byte[] good = Archives.jar(Fixtures.classes("patterns"));
      Archives.put(z, "BOOT-INF/lib/broken.jar", java.util.Arrays.copyOf(good, good.length / 3));
    }
    AnalysisResult r = BadInputTest.analyze(jar);
    BadInputTest.assertStillFindsTheCycle(r);
    assertEquals(1, r.diagnostics().stream().filter(d -> d.file().endsWith("app.jar!/BOOT-INF/lib/broken.jar")).count(),
        r.diagnostics().toString());
  }

  @Test
  void aPackedLibraryCutBetweenTwoEntries_isSaidToo(@TempDir Path tmp) throws IOException {
    // Streaming reads such a jar to a clean end: only its missing central directory tells.
    byte[] good = Archives.jar(Fixtures.classes("patterns"));
    int directory = indexOf(good, new byte[] {0x50, 0x4b, 0x01, 0x02});
    Path jar = tmp.resolve("app.jar");
    try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
      Archives.add(z, Fixtures.classes("wireguard"), "BOOT-INF/classes/");
      Archives.put(z, "BOOT-INF/lib/cut.jar", java.util.Arrays.copyOf(good, directory));
      Archives.put(z, "BOOT-INF/lib/whole.jar", good);
    }
    AnalysisResult r = BadInputTest.analyze(jar);
    BadInputTest.assertStillFindsTheCycle(r);
    assertEquals(1, r.diagnostics().stream().filter(d -> d.file().endsWith("app.jar!/BOOT-INF/lib/cut.jar")).count(),
        r.diagnostics().toString());
    assertEquals(0, r.diagnostics().stream().filter(d -> d.file().endsWith("app.jar!/BOOT-INF/lib/whole.jar")).count(),
        r.diagnostics().toString());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("no central directory");
  }
}
