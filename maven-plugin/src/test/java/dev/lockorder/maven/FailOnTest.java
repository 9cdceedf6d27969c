package dev.lockorder.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code failOn}: the least confidence that fails the build. The input with only a low finding is
 * the fixture {@code sources/UnknownIdentity} (a monitor named by its interface).
 */
class FailOnTest {
  @TempDir Path dir;
  final RecordingLog log = new RecordingLog();

  CheckMojo mojo(Path classes) {
    return CheckMojoTest.mojo(dir, log, classes, "jar");
  }

  Path lowOnly() throws IOException {
    Path from = CheckMojoTest.fixtureClasses("patterns").resolve("patterns/sources");
    Path to = Files.createDirectories(dir.resolve("classes/patterns/sources"));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(from, "UnknownIdentity{.class,$*.class}")) {
      for (Path p : ds) {
        Files.copy(p, to.resolve(p.getFileName().toString()));
      }
    }
    return dir.resolve("classes");
  }

  @Test
  void byDefault_aLowFindingWarns_andTheBuildGoesOn() throws Exception {
    CheckMojo m = mojo(lowOnly());
    m.execute();
    assertTrue(log.errors.isEmpty(), log.errors.toString());
    assertTrue(log.warnings.stream().anyMatch(s -> s.contains("(low): Chain exists of:")), log.warnings.toString());
    assertTrue(log.warnings.stream().anyMatch(s -> s.contains("none of medium confidence or more (failOn)")),
        log.warnings.toString());
  }

  @Test
  void failOnLow_failsOnIt() throws Exception {
    CheckMojo m = mojo(lowOnly());
    m.failOn = "LOW";
    assertThrows(MojoFailureException.class, m::execute);
    assertTrue(log.errors.stream().anyMatch(s -> s.contains("(low): Chain exists of:")), log.errors.toString());
  }

  @Test
  void failOnHigh_stillFailsOnTheWireGuardCycle() {
    CheckMojo m = mojo(CheckMojoTest.fixtureClasses("wireguard"));
    m.failOn = "high";
    assertThrows(MojoFailureException.class, m::execute);
  }

  @Test
  void anUnknownLevel_isAConfigurationError() {
    CheckMojo m = mojo(CheckMojoTest.fixtureClasses("wireguard"));
    m.failOn = "severe";
    MojoExecutionException e = assertThrows(MojoExecutionException.class, m::execute);
    assertTrue(e.getMessage().contains("failOn must be high, medium or low"), e.getMessage());
  }
}
