package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.fixtures.TestCompiler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A class without line numbers: its frames name the descriptor and the offset javap shows. */
class FramesWithoutLinesTest {
  static final String SOURCE = """
      package p;
      public class NoLines {
        static final Object A = new Object();
        static final Object B = new Object();
        static void ab() {
          synchronized (A) { synchronized (B) { } }
        }
        static int ba(int x, long wide) {
          switch (x) { case 0: x++; case 1: x--; case 2: x += 2; default: x *= 3; }
          switch (x) { case 10: x++; break; case 1000: x--; break; default: }
          synchronized (B) { synchronized (A) { x += "s".length(); } }
          return x;
        }
      }
      """;

  @Test
  void framesWithoutLines_showTheDescriptorAndTheOffsetJavapShows(@TempDir Path dir) throws Exception {
    Path classes = TestCompiler.compile(dir, Map.of("p/NoLines.java", SOURCE), false);
    String text = TextReport.render(analyze(classes));
    List<Integer> enters = monitorEnters(classes.resolve("p/NoLines.class"), "ba");
    assertEquals(2, enters.size(), enters::toString);
    assertTrue(text.contains("NoLines.ba(Unknown Source, (IJ)I @" + enters.get(1) + ")  [acquire]"), text);
    assertTrue(text.contains("NoLines.ba(Unknown Source, (IJ)I @" + enters.get(0) + ")"), text);
  }

  @Test
  void framesWithLines_showTheLineOnly(@TempDir Path dir) throws Exception {
    Path classes = TestCompiler.compile(dir, Map.of("p/NoLines.java", SOURCE), true);
    String text = TextReport.render(analyze(classes));
    assertTrue(text.contains("NoLines.ba(NoLines.java:11)  [acquire]"), text);
    assertFalse(text.contains(" @"), text);
  }

  private static AnalysisResult analyze(Path classes) throws Exception {
    return Lockorder.analyze(AnalysisConfig.builder().input(classes).threads(1).build());
  }

  /** The offsets of monitorenter in one method, read from javap's own listing. */
  private static List<Integer> monitorEnters(Path classFile, String method) {
    StringWriter out = new StringWriter();
    ToolProvider.findFirst("javap").orElseThrow().run(new PrintWriter(out), new PrintWriter(new StringWriter()),
        "-c", "-p", classFile.toString());
    List<Integer> at = new ArrayList<>();
    boolean in = false;
    Matcher m = Pattern.compile("^\\s*(\\d+): monitorenter").matcher("");
    for (String line : out.toString().lines().toList()) {
      if (line.contains(" " + method + "(")) {
        in = true;
      } else if (line.isBlank()) {
        in = false;
      } else if (in && m.reset(line).find()) {
        at.add(Integer.parseInt(m.group(1)));
      }
    }
    return at;
  }
}
