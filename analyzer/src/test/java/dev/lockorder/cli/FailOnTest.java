package dev.lockorder.cli;

import static dev.lockorder.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --fail-on}: which confidence turns findings into exit code 4. Inputs are one fixture each:
 * {@code monitors/ArgumentOrder} gives only medium findings (callers choose the order), {@code
 * sources/UnknownIdentity} only a low one (a monitor named by its interface).
 */
class FailOnTest {

  /** A class folder holding fixture {@code area/name} and its nested classes, nothing else. */
  static String only(Path tmp, String area, String name) throws IOException {
    Path from = Fixtures.classes("patterns").resolve("patterns/" + area);
    Path to = tmp.resolve("in/patterns/" + area);
    Files.createDirectories(to);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(from, name + "{.class,$*.class}")) {
      for (Path p : ds) {
        Files.copy(p, to.resolve(p.getFileName().toString()));
      }
    }
    return tmp.resolve("in").toString();
  }

  @Test
  void byDefault_mediumFails_lowOnlyWarns(@TempDir Path a, @TempDir Path b) throws IOException {
    MainTest.Run medium = run(only(a, "monitors", "ArgumentOrder"));
    assertEquals(Main.FINDINGS, medium.code(), medium.out());
    MainTest.Run low = run(only(b, "sources", "UnknownIdentity"));
    assertEquals(Main.OK, low.code(), low.out());
    assertTrue(low.out().contains("Chain exists of:"), "a finding below --fail-on is still reported: " + low.out());
    assertTrue(low.err().contains("none of medium confidence or more (--fail-on)"), low.err());
  }

  @Test
  void low_failsOnEveryFinding(@TempDir Path tmp) throws IOException {
    assertEquals(Main.FINDINGS, run("--fail-on", "low", only(tmp, "sources", "UnknownIdentity")).code());
  }

  @Test
  void high_letsMediumThrough_butNotTheWireGuardCycle(@TempDir Path tmp) throws IOException {
    assertEquals(Main.OK, run("--fail-on", "HIGH", only(tmp, "monitors", "ArgumentOrder")).code());
    assertEquals(Main.FINDINGS, run("--fail-on", "high", MainTest.buggy()).code());
  }

  @Test
  void unknownLevel_exit2() {
    MainTest.Run r = run("--fail-on", "severe", MainTest.buggy());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("--fail-on"), r.err());
  }
}
