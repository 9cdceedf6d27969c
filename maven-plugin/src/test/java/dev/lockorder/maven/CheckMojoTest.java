package dev.lockorder.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check goal outside Maven: a project model around the fixtures' class folders, the
 * parameters at the defaults Maven would inject. The invoker ITs run the same goal in real builds.
 */
class CheckMojoTest {
  static final String CHAIN = "Chain exists of: (completion)WgDevice.handshakeSendWq"
      + " --> (work)WgPeer.transmitHandshakeWork --> WgDevice.staticIdentity.lock";

  @TempDir Path dir;
  final RecordingLog log = new RecordingLog();

  static Path fixtureClasses(String name) {
    Path p = Path.of(System.getProperty("lockorder.fixtures", "../fixtures"), name, "target", "classes");
    assertTrue(Files.isDirectory(p), "fixture not compiled: " + p);
    return p;
  }

  CheckMojo mojo(Path classes, String packaging) {
    return mojo(dir, log, classes, packaging);
  }

  /** The goal on {@code classes}, writing under {@code dir}, logging to {@code log}. */
  static CheckMojo mojo(Path dir, RecordingLog log, Path classes, String packaging) {
    MavenProject project = new MavenProject();
    project.setFile(dir.resolve("pom.xml").toFile());
    project.setPackaging(packaging);
    project.getBuild().setOutputDirectory(classes.toString());
    project.getBuild().setDirectory(dir.resolve("target").toString());
    CheckMojo m = new CheckMojo();
    m.project = project;
    m.failOnCycle = true;
    m.maxCycles = 1000;
    m.sarifFile = dir.resolve("target/lockorder.sarif").toFile();
    m.textFile = dir.resolve("target/lockorder.txt").toFile();
    m.setLog(log);
    return m;
  }

  @Test
  void buggyPort_failsTheBuild_withTheChainAtError_andThePathOfTheReport() throws Exception {
    CheckMojo m = mojo(fixtureClasses("wireguard"), "jar");
    MojoFailureException e = assertThrows(MojoFailureException.class, m::execute);
    assertTrue(e.getMessage().contains("1 lock-order finding(s)"), e.getMessage());
    assertTrue(e.getMessage().contains(m.textFile.toString()), e.getMessage());
    assertEquals(1, log.errors.size(), log.errors.toString());
    assertTrue(log.errors.get(0).contains(CHAIN), log.errors.get(0));
    assertTrue(Files.readString(m.textFile.toPath()).contains("Chain exists of:"));
    JsonNode sarif = new ObjectMapper().readTree(m.sarifFile);
    assertEquals("2.1.0", sarif.path("version").asText());
    assertEquals("LO1001", sarif.path("runs").path(0).path("results").path(0).path("ruleId").asText());
  }

  @Test
  void fixedPort_passes_andStillWritesBothReports() throws Exception {
    CheckMojo m = mojo(fixtureClasses("wireguard-fixed"), "jar");
    m.execute();
    assertTrue(log.errors.isEmpty(), log.errors.toString());
    assertTrue(log.infos.stream().anyMatch(s -> s.contains("no lock-order problems found")), log.infos.toString());
    assertTrue(Files.isRegularFile(m.sarifFile.toPath()));
    assertFalse(Files.readString(m.textFile.toPath()).contains("Chain exists of:"));
  }

  @Test
  void failOnCycleFalse_passes_andReportsAsWarnings() throws Exception {
    CheckMojo m = mojo(fixtureClasses("wireguard"), "jar");
    m.failOnCycle = false;
    m.execute();
    assertTrue(log.warnings.stream().anyMatch(s -> s.contains(CHAIN)), log.warnings.toString());
    assertTrue(log.warnings.stream().anyMatch(s -> s.contains("full report: " + m.textFile)), log.warnings.toString());
    assertTrue(log.errors.isEmpty(), log.errors.toString());
  }

  @Test
  void skip_analyzesNothing() throws Exception {
    CheckMojo m = mojo(fixtureClasses("wireguard"), "jar");
    m.skip = true;
    m.execute();
    assertFalse(Files.exists(m.sarifFile.toPath()));
    assertEquals(1, log.infos.size());
  }

  @Test
  void pomPackaging_isSkippedWithAnInfoLine() throws Exception {
    CheckMojo m = mojo(fixtureClasses("wireguard"), "pom");
    m.execute();
    assertTrue(log.infos.get(0).contains("pom packaging"), log.infos.toString());
    assertFalse(Files.exists(m.sarifFile.toPath()));
  }

  @Test
  void noClasses_isSkippedWithAnInfoLine() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(empty.resolve("app.properties"), "not a class");
    CheckMojo m = mojo(empty, "jar");
    m.execute();
    assertTrue(log.infos.get(0).contains("no classes"), log.infos.toString());
    assertFalse(Files.exists(m.sarifFile.toPath()));
  }

  @Test
  void brokenClassFile_isAWarningNamingTheFile_andTheRestIsAnalyzed() throws Exception {
    Path classes = copy(fixtureClasses("wireguard"), dir.resolve("classes"));
    Files.write(classes.resolve("wireguard/Broken.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1, 2});
    CheckMojo m = mojo(classes, "jar");
    assertThrows(MojoFailureException.class, m::execute, "the cycle in the readable classes is still found");
    assertTrue(log.warnings.stream().anyMatch(s -> s.contains("Broken.class")), log.warnings.toString());
  }

  @Test
  void baseline_isWrittenWhenMissing_thenOnlyNewFindingsFail() throws Exception {
    File baseline = dir.resolve("lockorder-baseline.txt").toFile();
    CheckMojo first = mojo(fixtureClasses("wireguard"), "jar");
    first.baseline = baseline;
    first.execute();
    assertTrue(baseline.isFile());

    CheckMojo second = mojo(fixtureClasses("wireguard"), "jar");
    second.baseline = baseline;
    second.execute();
    assertTrue(log.errors.isEmpty(), "a known cycle does not fail the build: " + log.errors);

    // The twin: a baseline that does not know the cycle fails the build.
    Files.writeString(baseline.toPath(), "");
    CheckMojo third = mojo(fixtureClasses("wireguard"), "jar");
    third.baseline = baseline;
    assertThrows(MojoFailureException.class, third::execute);
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
