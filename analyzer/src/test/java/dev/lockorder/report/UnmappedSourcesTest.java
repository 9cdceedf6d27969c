package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.cli.Main;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.fixtures.TestCompiler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A location whose file no source root holds gets a package path that may point nowhere: the
 * run counts them and says so, on the console and in the log.
 */
class UnmappedSourcesTest {
  static JsonNode notes(String log) throws Exception {
    return new ObjectMapper().readTree(log).get("runs").get(0).get("invocations").get(0)
        .get("toolExecutionNotifications");
  }

  static JsonNode unmappedNote(String log) throws Exception {
    for (JsonNode n : notes(log)) {
      if (n.get("descriptor").get("id").asText().equals("sources-unmapped")) {
        return n;
      }
    }
    return null;
  }

  @Test
  void withoutSourceRoots_everyLocationIsCounted_andTheLogSaysSo() throws Exception {
    SarifReport.Log log = SarifReport.log(Fixtures.analyze("wireguard"), List.of(), ReportsTest.REPO, null,
        "lockorder", Map.of());
    assertTrue(log.locations() > 0);
    assertEquals(log.locations(), log.unmapped());
    assertTrue(log.unmappedFiles().contains("wireguard/Workqueue.java"), log.unmappedFiles().toString());
    JsonNode note = unmappedNote(log.text());
    assertEquals("warning", note.get("level").asText());
    String text = note.get("message").get("text").asText();
    assertTrue(text.startsWith("SARIF: " + log.locations() + " of " + log.locations() + " locations"), text);
    assertTrue(text.contains("--source-root DIR") && text.contains("sourceRoots"), text);
    assertEquals(List.of(), Schemas.sarif(log.text()));
  }

  @Test
  void withTheSourceRoot_nothingIsUnmapped_andNothingIsSaid() throws Exception {
    SarifReport.Log log = SarifReport.log(Fixtures.analyze("wireguard"), List.of(Fixtures.sources("wireguard")),
        ReportsTest.REPO, null, "lockorder", Map.of());
    assertTrue(log.locations() > 0);
    assertEquals(0, log.unmapped());
    assertNull(log.unmappedWarning());
    assertNull(unmappedNote(log.text()));
  }

  static String stderr(String... args) {
    StringWriter err = new StringWriter();
    Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    return err.toString();
  }

  @Test
  void theCommandLine_saysItOnOneLine_withTheOptionToPass(@TempDir Path tmp) {
    String err = stderr("--exit-zero", "--sarif", tmp.resolve("a.sarif").toString(),
        Fixtures.classes("wireguard").toString());
    List<String> lines = err.lines().filter(l -> l.contains("no source root")).toList();
    assertEquals(1, lines.size(), err);
    assertTrue(lines.get(0).matches("lockorder: warning: SARIF: (\\d+) of \\1 locations are in no source root.*"
        + "; pass --source-root DIR"), lines.get(0));
  }

  @Test
  void theCommandLine_withTheSourceRoot_orWithoutSarif_saysNothing(@TempDir Path tmp) {
    assertFalse(stderr("--exit-zero", "--sarif", tmp.resolve("a.sarif").toString(), "--source-root",
        Fixtures.sources("wireguard").toString(), Fixtures.classes("wireguard").toString()).contains("no source root"));
    assertFalse(stderr("--exit-zero", Fixtures.classes("wireguard").toString()).contains("no source root"));
  }

  static final String BANK = """
      package p;
      class Bank {
        final Object a = new Object();
        final Object b = new Object();
        void one() { synchronized (a) { synchronized (b) { } } }
        void two() { synchronized (b) { synchronized (a) { } } }
      }
      """;

  /** Classes compiled with javac -g:none: no SourceFile attribute, no line table. */
  static AnalysisResult withoutDebugInfo(Path dir) throws Exception {
    Path classes = TestCompiler.compile(dir, Map.of("p/Bank.java", BANK), false);
    return Lockorder.analyze(AnalysisConfig.builder().input(classes).build());
  }

  @Test
  void withoutDebugInfo_theTopLevelClassesJavaFileIsFound_andTheRegionIsTheWholeFile(@TempDir Path tmp)
      throws Exception {
    AnalysisResult r = withoutDebugInfo(tmp);
    SarifReport.Log log = SarifReport.log(r, List.of(tmp.resolve("src")), tmp, null, "lockorder", Map.of());
    assertEquals(0, log.unmapped());
    JsonNode phys = new ObjectMapper().readTree(log.text()).get("runs").get(0).get("results").get(0)
        .get("locations").get(0).get("physicalLocation");
    assertEquals("src/p/Bank.java", phys.get("artifactLocation").get("uri").asText());
    assertEquals(1, phys.get("region").get("startLine").asInt());
    assertEquals(BANK.lines().count(), phys.get("region").get("endLine").asInt());
    assertEquals(List.of(), Schemas.sarif(log.text()));
  }

  @Test
  void withoutDebugInfo_theMessageSaysTheMethodAndTheBytecodeOffset(@TempDir Path tmp) throws Exception {
    String log = SarifReport.log(withoutDebugInfo(tmp), List.of(tmp.resolve("src")), tmp, null, "lockorder",
        Map.of()).text();
    JsonNode result = new ObjectMapper().readTree(log).get("runs").get(0).get("results").get(0);
    String primary = result.get("locations").get(0).get("message").get("text").asText();
    assertTrue(primary.matches("Bank\\.(one|two)\\(\\)V, bytecode offset \\d+ \\(no line numbers\\)"), primary);
    String related = result.get("relatedLocations").get(0).get("message").get("text").asText();
    assertTrue(related.matches("edge 1: .* is held, at Bank\\.(one|two)\\(\\)V, bytecode offset \\d+ .*"), related);
    // The twin: with line numbers, no location talks of offsets.
    assertFalse(ReportsTest.sarifOf("wireguard", Fixtures.analyze("wireguard")).contains("bytecode offset"));
  }

  @Test
  void withoutDebugInfo_orSources_theClassFileIsNamed_withoutARegion(@TempDir Path tmp) throws Exception {
    SarifReport.Log log = SarifReport.log(withoutDebugInfo(tmp), List.of(), tmp, null, "lockorder", Map.of());
    assertEquals(log.locations(), log.unmapped());
    assertEquals(List.of("p/Bank.class"), log.unmappedFiles());
    JsonNode phys = new ObjectMapper().readTree(log.text()).get("runs").get(0).get("results").get(0)
        .get("locations").get(0).get("physicalLocation");
    assertFalse(phys.has("region"));
    assertEquals(List.of(), Schemas.sarif(log.text()));
  }
}
