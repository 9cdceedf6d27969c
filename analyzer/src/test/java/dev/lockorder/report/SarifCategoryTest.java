package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockorder.AnalysisResult;
import dev.lockorder.cli.Main;
import dev.lockorder.fixtures.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every run names its code scanning category in {@code runs[].automationDetails.id}, which code
 * scanning reads as {@code category/run-id}: logs of one commit with distinct categories can be
 * uploaded together. In an Azure DevOps pipeline the id and properties are what GHAzDO reads.
 */
class SarifCategoryTest {
  static final Map<String, String> AZURE = Map.of(
      "TF_BUILD", "True",
      "BUILD_DEFINITIONID", "42",
      "BUILD_DEFINITIONNAME", "nightly",
      "SYSTEM_PHASEID", "1BE018DB-A340-454C-8C30-E6880B238463",
      "SYSTEM_PHASENAME", "Analyze");

  static JsonNode automation(String category, Map<String, String> env) throws Exception {
    AnalysisResult r = Fixtures.analyze("wireguard-fixed");
    String log = SarifReport.log(r, List.of(), ReportsTest.REPO, null, category, env).text();
    assertEquals(List.of(), Schemas.sarif(log));
    return new ObjectMapper().readTree(log).get("runs").get(0).get("automationDetails");
  }

  @Test
  void theIdIsTheCategoryAndASlash_soTheWholeIdIsTheCategory() {
    assertEquals("lockorder/", SarifReport.automationId("lockorder"));
    assertEquals("lockorder/app-a/", SarifReport.automationId("lockorder/app-a"));
    // A trailing slash, or several, name the same category.
    assertEquals("lockorder/app-a/", SarifReport.automationId("lockorder/app-a//"));
    assertThrows(IllegalArgumentException.class, () -> SarifReport.automationId(" / "));
    assertThrows(IllegalArgumentException.class, () -> SarifReport.automationId(""));
  }

  @Test
  void renderedLogs_carryTheDefaultCategory() throws Exception {
    JsonNode run = new ObjectMapper().readTree(ReportsTest.sarifOf("wireguard", Fixtures.analyze("wireguard")))
        .get("runs").get(0);
    assertEquals("lockorder/", run.get("automationDetails").get("id").asText());
  }

  @Test
  void aGivenCategory_isTheId_andNothingElseOutsideAPipeline() throws Exception {
    JsonNode a = automation("lockorder/app-a", Map.of());
    assertEquals("lockorder/app-a/", a.get("id").asText());
    assertFalse(a.has("properties"));
  }

  @Test
  void inAnAzurePipeline_theIdIsUnderItsPrefix_withThePipelinesFourProperties() throws Exception {
    JsonNode a = automation("lockorder/app-a", AZURE);
    assertEquals("azuredevops/pipeline/build/lockorder/app-a/", a.get("id").asText());
    JsonNode p = a.get("properties");
    assertEquals("42", p.get("azuredevops/pipeline/build/buildDefinitionId").asText());
    assertEquals("nightly", p.get("azuredevops/pipeline/build/buildDefinitionName").asText());
    assertEquals("1be018db-a340-454c-8c30-e6880b238463", p.get("azuredevops/pipeline/build/phaseId").asText());
    assertEquals("Analyze", p.get("azuredevops/pipeline/build/phaseName").asText());
  }

  @Test
  void anIncompleteOrMalformedPipeline_isNone() throws Exception {
    Map<String, String> noPhase = new java.util.HashMap<>(AZURE);
    noPhase.remove("SYSTEM_PHASEID");
    assertEquals("lockorder/", automation("lockorder", noPhase).get("id").asText());
    Map<String, String> zeroGuid = new java.util.HashMap<>(AZURE);
    zeroGuid.put("SYSTEM_PHASEID", "00000000-0000-0000-0000-000000000000");
    assertEquals("lockorder/", automation("lockorder", zeroGuid).get("id").asText());
    Map<String, String> notAzure = new java.util.HashMap<>(AZURE);
    notAzure.put("TF_BUILD", "False");
    assertEquals("lockorder/", automation("lockorder", notAzure).get("id").asText());
    // The agent's fallbacks (a job's id and name) are as good as the phase's.
    Map<String, String> jobs = new java.util.HashMap<>(AZURE);
    jobs.put("SYSTEM_JOBID", jobs.remove("SYSTEM_PHASEID"));
    jobs.put("SYSTEM_JOBNAME", jobs.remove("SYSTEM_PHASENAME"));
    assertEquals("azuredevops/pipeline/build/lockorder/", automation("lockorder", jobs).get("id").asText());
  }

  @Test
  void theCommandLine_takesTheCategory_andRejectsABlankOne(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out.sarif");
    String classes = Fixtures.classes("wireguard-fixed").toString();
    assertEquals(Main.OK, main("--sarif", out.toString(), "--sarif-category", "lockorder/cli", classes));
    assertEquals("lockorder/cli/", category(out));
    assertEquals(Main.OK, main("--sarif", out.toString(), classes));
    assertEquals("lockorder/", category(out));
    StringWriter err = new StringWriter();
    assertEquals(Main.USAGE, Main.run(new String[] {"--sarif-category", "/", classes},
        new PrintWriter(new StringWriter()), new PrintWriter(err)));
    assertTrue(err.toString().contains("the SARIF category is empty"), err.toString());
  }

  /** The category of the log the command line wrote, in an Azure DevOps pipeline or not. */
  static String category(Path log) throws Exception {
    return new ObjectMapper().readTree(log.toFile()).get("runs").get(0).get("automationDetails").get("id").asText()
        .replaceFirst("^" + AzurePipeline.PREFIX, "");
  }

  static int main(String... args) {
    return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }
}
