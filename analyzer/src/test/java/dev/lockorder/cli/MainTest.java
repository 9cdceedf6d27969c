package dev.lockorder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.fixtures.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every exit code, the outputs the command line writes, and the baseline round trip. */
class MainTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static String buggy() {
    return Fixtures.classes("wireguard").toString();
  }

  static String fixed() {
    return Fixtures.classes("wireguard-fixed").toString();
  }

  @Test
  void findings_exit4_andPrintTheChain() {
    Run r = run(buggy());
    assertEquals(Main.FINDINGS, r.code(), r.err());
    assertTrue(r.out().contains("Chain exists of:"), r.out());
  }

  @Test
  void noFindings_exit0() {
    Run r = run(fixed());
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("no lock-order problems found"));
  }

  @Test
  void exitZero_turnsFindingsInto0() {
    assertEquals(Main.OK, run("--exit-zero", buggy()).code());
  }

  @Test
  void missingPath_exit2_namesIt(@TempDir Path tmp) {
    Run r = run(tmp.resolve("nope").toString());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("nope"), r.err());
  }

  @Test
  void emptyFolder_exit2(@TempDir Path tmp) {
    assertEquals(Main.USAGE, run(tmp.toString()).code());
  }

  @Test
  void badOption_exit2() {
    assertEquals(Main.USAGE, run("--no-such-option", buggy()).code());
    assertEquals(Main.USAGE, run().code(), "a path is required");
  }

  @Test
  void internalError_exit1(@TempDir Path tmp) {
    // The output path is a folder: writing it fails inside the run.
    Run r = run("-o", tmp.toString(), buggy());
    assertEquals(Main.INTERNAL, r.code());
    assertTrue(r.err().contains("internal error"), r.err());
  }

  @Test
  void strict_turnsSkippedInputInto2(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("in");
    Files.createDirectories(dir);
    Files.copy(Fixtures.classes("wireguard-fixed").resolve("wireguard/Rtnl.class"), dir.resolve("Rtnl.class"));
    Files.write(dir.resolve("Broken.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 1, 2, 3});
    Run lenient = run(dir.toString());
    assertEquals(Main.OK, lenient.code(), lenient.err());
    assertTrue(lenient.err().contains("Broken.class"), "the warning names the file: " + lenient.err());
    assertEquals(Main.USAGE, run("--strict", dir.toString()).code());
  }

  @Test
  void sarifAndJsonFiles_areWrittenNextToText(@TempDir Path tmp) throws Exception {
    Path sarif = tmp.resolve("out/l.sarif");
    Path json = tmp.resolve("out/l.json");
    Run r = run("--sarif", sarif.toString(), "--json", json.toString(), buggy());
    assertEquals(Main.FINDINGS, r.code());
    assertTrue(Files.readString(sarif).contains("\"version\" : \"2.1.0\""));
    assertTrue(Files.readString(json).contains("\"schemaVersion\" : 2"));
    assertTrue(r.out().contains("Chain exists of:"));
    Run j = run("--format", "json", "-o", tmp.resolve("x.json").toString(), buggy());
    assertEquals(Main.FINDINGS, j.code());
    assertEquals("", j.out());
  }

  @Test
  void baseline_writesThenReportsOnlyNew(@TempDir Path tmp) throws Exception {
    Path base = tmp.resolve("lockorder-baseline.txt");
    Run first = run("--baseline", base.toString(), buggy());
    assertEquals(Main.OK, first.code(), "writing a baseline accepts today's findings");
    assertTrue(Files.readString(base).contains("LockOrderCycle"));
    Run second = run("--baseline", base.toString(), buggy());
    assertEquals(Main.OK, second.code(), "nothing new");
    Path sarif = tmp.resolve("b.sarif");
    run("--baseline", base.toString(), "--sarif", sarif.toString(), buggy());
    assertTrue(Files.readString(sarif).contains("\"baselineState\" : \"unchanged\""));

    Path empty = tmp.resolve("empty-baseline.txt");
    Files.writeString(empty, "# nothing accepted\n");
    Run fresh = run("--baseline", empty.toString(), "--sarif", sarif.toString(), buggy());
    assertEquals(Main.FINDINGS, fresh.code());
    assertTrue(Files.readString(sarif).contains("\"baselineState\" : \"new\""));
  }

  @Test
  void includeExclude_filterPackages() {
    assertEquals(Main.OK, run("--exclude", "wireguard.*", "--exit-zero", buggy()).code());
    Run excluded = run("--exclude", "wireguard.**", buggy());
    assertEquals(Main.OK, excluded.code(), excluded.out());
    assertEquals(Main.FINDINGS, run("--include", "wireguard.*", buggy()).code());
  }

  @Test
  void versionAndHelp_exit0() {
    Run v = run("--version");
    assertEquals(0, v.code());
    assertTrue(v.out().startsWith("lockorder "));
    Run h = run("--help");
    assertEquals(0, h.code());
    assertTrue(h.out().contains("Exit codes:") && h.out().contains("4"), h.out());
  }
}
