package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Version;
import dev.lockorder.cycles.Finding;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.rules.Rule;
import dev.lockorder.rules.Rules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules have an opaque id (SARIF's {@code id}) apart from their readable name (SARIF's {@code
 * name}; Multitool SARIF1001), and the switch keeps what users have: fingerprints, baselines and
 * suppressions by name.
 */
class RuleIdsTest {
  static JsonNode run(AnalysisResult r) throws Exception {
    return new ObjectMapper().readTree(ReportsTest.sarifOf("wireguard", r)).get("runs").get(0);
  }

  @Test
  void everyRule_hasAnOpaqueIdApartFromItsName_andBothAreUnique() {
    Set<String> seen = new HashSet<>();
    for (Rule r : Rules.ALL) {
      assertTrue(r.code().matches("LO[0-9]{4}"), r.code());
      assertNotEquals(r.id(), r.code());
      assertTrue(seen.add(r.code()), "duplicate id " + r.code());
      assertTrue(seen.add(r.id()), "duplicate name " + r.id());
    }
  }

  @Test
  void ruleDescriptors_carryTheIdTheNameTheOldIdAndTheirPage() throws Exception {
    JsonNode rules = run(Fixtures.analyze("wireguard")).get("tool").get("driver").get("rules");
    assertEquals(Rules.ALL.size(), rules.size());
    for (int i = 0; i < rules.size(); i++) {
      Rule r = Rules.ALL.get(i);
      JsonNode d = rules.get(i);
      assertEquals(r.code(), d.get("id").asText());
      assertEquals(r.id(), d.get("name").asText());
      // Code scanning's rules were LockOrderCycle, ... before: the old id says which rule this one was.
      assertEquals(1, d.get("deprecatedIds").size());
      assertEquals(r.id(), d.get("deprecatedIds").get(0).asText());
      String help = d.get("helpUri").asText();
      assertEquals(Version.URI + "/blob/main/docs/rules/" + r.id() + ".md", help);
      assertTrue(Files.isRegularFile(Path.of("../docs/rules", r.id() + ".md")), help);
    }
  }

  @Test
  void results_referToTheOpaqueId() throws Exception {
    JsonNode run = run(Fixtures.analyze("wireguard"));
    JsonNode result = run.get("results").get(0);
    assertEquals("LO1001", result.get("ruleId").asText());
    assertEquals("LO1001", run.get("tool").get("driver").get("rules").get(result.get("ruleIndex").asInt())
        .get("id").asText());
  }

  @Test
  void driver_hasAFullNameAndASemanticVersionWhenTheVersionIsOne() throws Exception {
    JsonNode driver = run(Fixtures.analyze("wireguard")).get("tool").get("driver");
    assertEquals(Version.NAME + " " + Version.version(), driver.get("fullName").asText());
    assertEquals(SarifTool.semanticVersion(Version.version()) != null, driver.has("semanticVersion"));
    assertEquals("0.1.0-SNAPSHOT", SarifTool.semanticVersion("0.1.0-SNAPSHOT"));
    assertEquals("1.2.3+build.7", SarifTool.semanticVersion("1.2.3+build.7"));
    // From classes the version is "dev": no semantic version rather than a made-up one.
    assertEquals(null, SarifTool.semanticVersion("dev"));
    assertEquals(null, SarifTool.semanticVersion("1.02.3"));
  }

  /** The fingerprint hashes the readable name: it is the one of the release before the ids. */
  @Test
  void fingerprints_areThoseOfTheReleaseBefore() {
    List<String> fps = Fixtures.analyze("wireguard").findings().stream().map(Finding::fingerprint).toList();
    assertTrue(fps.contains("017965054a3b447e8083ecd942c25a0c"), fps.toString());
  }

  @Test
  void aBaselineWrittenBefore_stillKnowsTheFinding(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("baseline.txt");
    Files.writeString(file, "# lockorder baseline: fingerprints of accepted findings\n"
        + "017965054a3b447e8083ecd942c25a0c LockOrderCycle (completion)WgDevice.handshakeSendWq --> ...\n");
    List<Finding> all = Fixtures.analyze("wireguard").findings();
    List<Finding> fresh = Baseline.newOnly(all, Baseline.read(file));
    assertEquals(all.size() - 1, fresh.size());
  }
}
