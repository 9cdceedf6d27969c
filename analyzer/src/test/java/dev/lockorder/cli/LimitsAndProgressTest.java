package dev.lockorder.cli;

import static dev.lockorder.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

/** Limits hit are said on stderr with where and the option to raise; progress says each stage's counts. */
class LimitsAndProgressTest {
  static String patterns() {
    return Fixtures.classes("patterns").toString();
  }

  @Test
  void aCycleCapHit_isSaidOnStderr_withTheOptionAndWhatWasKept() {
    MainTest.Run r = run("--exit-zero", "--max-cycles", "3", patterns());
    assertTrue(r.err().contains("lockorder: limit hit: maxCycles=3: the cycle search stopped after 3 cycles, "),
        r.err());
    assertTrue(r.err().contains("more cycles may exist (in a lock graph of "), r.err());
    assertTrue(r.err().contains("; raise with --max-cycles"), r.err());
    assertTrue(r.out().contains("lockorder: limit hit: maxCycles=3"), "the report says it too");
  }

  @Test
  void aSummaryCapHit_namesTheMethod_andTheOption() {
    MainTest.Run r = run("--exit-zero", "--max-summary", "1", patterns());
    assertTrue(r.err().matches("(?s).*lockorder: limit hit: maxSummary=1: summary entries dropped in \\d+ places \\(first:"
        + " patterns/[^ ]+\\(.*"), r.err());
    assertTrue(r.err().contains("; raise with --max-summary"), r.err());
  }

  @Test
  void noLimitHit_saysNothingAboutLimits() {
    MainTest.Run r = run("--exit-zero", patterns());
    assertFalse(r.err().contains("limit hit"), r.err());
    assertFalse(r.out().contains("limit hit"), r.out());
  }

  @Test
  void progress_tellsEachStagesCounts() {
    MainTest.Run r = run("--exit-zero", "--progress", patterns());
    assertTrue(r.err().matches("(?s).*lockorder: read \\d+ class files\n.*lockorder: scanned \\d+ classes.*"
        + "lockorder: call graph: \\d+ methods in \\d+ components\n.*lockorder: summarized \\d+ methods: \\d+ lock-graph"
        + " edges\n.*lockorder: found \\d+ findings\n.*"), r.err());
  }

  @Test
  void noProgress_isQuiet() {
    MainTest.Run r = run("--exit-zero", "--no-progress", patterns());
    assertFalse(r.err().contains("lockorder: read "), r.err());
  }

  @Test
  void terminalDevices_areTerminals_pipesAndFilesAreNot() {
    assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
    assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
    assertFalse(Terminal.isTerminalDevice("pipe:[12345]"));
    assertFalse(Terminal.isTerminalDevice("/tmp/out.txt"));
    assertFalse(Terminal.isTerminalDevice("/dev/null"));
    assertEquals(false, Terminal.isStderr(), "the test JVM's stderr is a pipe or a file");
  }
}
