package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockorder.AnalysisResult;
import dev.lockorder.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every output of every fixture validates; the WireGuard port's outputs match their golden files. */
class ReportsTest {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  static String sarifOf(String module, AnalysisResult r) {
    return SarifReport.render(r, List.of(Fixtures.sources(module)), REPO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"wireguard", "wireguard-fixed", "patterns", "implicit"})
  void everyOutput_validates(String module) throws Exception {
    if (!Files.isDirectory(Fixtures.root().resolve(module).resolve("target/classes"))) {
      return; // a fixture module without classes yet
    }
    AnalysisResult r = Fixtures.analyze(module);
    assertEquals(List.of(), Schemas.sarif(sarifOf(module, r)), "SARIF of " + module);
    assertEquals(List.of(), Schemas.sarif(SarifReport.render(r, List.of(), REPO, Set.of())), "SARIF with baseline");
    assertEquals(List.of(), Schemas.report(JsonReport.render(r)), "JSON of " + module);
  }

  @Test
  void sourcesOutsideTheRepositoryRoot_getAbsoluteUrisWithoutABase(@org.junit.jupiter.api.io.TempDir Path repo)
      throws Exception {
    AnalysisResult r = Fixtures.analyze("wireguard");
    var locations = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(SarifReport.render(r, List.of(Fixtures.sources("wireguard")), repo))
        .findValues("artifactLocation");
    assertTrue(!locations.isEmpty());
    for (var art : locations) {
      String uri = art.get("uri").asText();
      if (uri.startsWith("file:")) {
        assertTrue(!art.has("uriBaseId"), art.toString());
      } else {
        assertEquals("%SRCROOT%", art.get("uriBaseId").asText(), art.toString());
      }
    }
    assertTrue(locations.stream().anyMatch(a -> a.get("uri").asText().startsWith("file:")),
        "the fixture's sources are outside the temporary repository root");
    assertEquals(List.of(), Schemas.sarif(SarifReport.render(r, List.of(Fixtures.sources("wireguard")), repo)));
  }

  @Test
  void schemaValidation_canFail() throws Exception {
    assertTrue(!Schemas.sarif("{\"version\": \"2.1.0\", \"runs\": [{\"results\": 3}]}").isEmpty());
    assertTrue(!Schemas.report("{\"schemaVersion\": 2}").isEmpty());
  }

  @Test
  void wireguard_sarifAndJsonAndText_matchGoldenFiles() throws Exception {
    AnalysisResult r = Fixtures.analyze("wireguard");
    Golden.check("wireguard.sarif", sarifOf("wireguard", r));
    Golden.check("wireguard.json", JsonReport.render(r));
    Golden.check("wireguard.txt", TextReport.render(r));
  }

  @Test
  void wireguard_sarifResult_linksEachEdgeAndPointsAtSources() throws Exception {
    JsonNode run = new ObjectMapper().readTree(sarifOf("wireguard", Fixtures.analyze("wireguard"))).get("runs").get(0);
    assertEquals(4, run.get("tool").get("driver").get("rules").size());
    JsonNode result = run.get("results").get(0);
    String text = result.get("message").get("text").asText();
    for (int k = 1; k <= 3; k++) {
      assertTrue(text.contains("[edge " + k + "](" + k + ")"), text);
      assertEquals(k, result.get("relatedLocations").get(k - 1).get("id").asInt());
    }
    assertEquals(3, result.get("codeFlows").size());
    for (JsonNode flow : result.get("codeFlows")) {
      assertEquals(1, flow.get("threadFlows").size());
    }
    // The result sits where the closing wait leaves the held lock's path: the caller's line
    // (Netlink.setDevice flushing), not inside the flush helper.
    JsonNode at = result.get("locations").get(0).get("physicalLocation");
    assertEquals("fixtures/wireguard/src/main/java/wireguard/Netlink.java", at.get("artifactLocation").get("uri").asText());
    assertEquals(47, at.get("region").get("startLine").asInt());
    assertTrue(result.get("partialFingerprints").has(SarifReport.FINGERPRINT_KEY));
  }

  @Test
  void sarifLimits_truncateAndSaySo() throws Exception {
    AnalysisResult r = Fixtures.analyze("wireguard");
    String log = SarifReport.render(r, List.of(), REPO, null, 0, 2);
    JsonNode run = new ObjectMapper().readTree(log).get("runs").get(0);
    assertEquals(0, run.get("results").size());
    assertTrue(log.contains("results-truncated"), log);
    String flows = SarifReport.render(r, List.of(), REPO, null, 10, 2);
    assertTrue(flows.contains("thread-flows-truncated"));
    assertEquals(List.of(), Schemas.sarif(flows));
  }
}
