package dev.lockorder.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisResult;
import dev.lockorder.fixtures.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
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

  /** Adds every file under {@code dir} to the archive, below {@code prefix}. */
  static void add(ZipOutputStream z, Path dir, String prefix) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry(prefix + dir.relativize(p).toString().replace('\\', '/')));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
    }
  }

  static byte[] jarBytes(Path dir) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      add(z, dir, "");
    }
    return b.toByteArray();
  }

  static Path app(Path tmp, String layout) throws IOException {
    Path jar = tmp.resolve(layout.equals("BOOT-INF") ? "app.jar" : "app.war");
    try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
      add(z, Fixtures.classes("wireguard"), layout + "/classes/");
      z.putNextEntry(new ZipEntry(layout + "/lib/patterns.jar"));
      z.write(jarBytes(Fixtures.classes("patterns")));
      z.closeEntry();
      if (layout.equals("BOOT-INF")) {
        // The launcher's place: classes at the root of a Spring Boot jar are not the application.
        add(z, Fixtures.classes("implicit"), "");
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
      add(z, Fixtures.classes("wireguard"), "BOOT-INF/classes/");
      z.putNextEntry(new ZipEntry("BOOT-INF/lib/broken.jar"));
      byte[] good = jarBytes(Fixtures.classes("patterns"));
      z.write(java.util.Arrays.copyOf(good, good.length / 3));
      z.closeEntry();
    }
    AnalysisResult r = BadInputTest.analyze(jar);
    BadInputTest.assertStillFindsTheCycle(r);
    assertEquals(1, r.diagnostics().stream().filter(d -> d.file().endsWith("app.jar!/BOOT-INF/lib/broken.jar")).count(),
        r.diagnostics().toString());
  }
}
