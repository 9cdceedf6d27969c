package dev.lockorder.report;

import dev.lockorder.Version;
import dev.lockorder.rules.Rule;
import dev.lockorder.rules.RuleInfo;
import dev.lockorder.rules.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The SARIF {@code tool.driver}: who wrote the log, and a descriptor for every rule. */
final class SarifTool {
  private SarifTool() {}

  static Map<String, Object> driver() {
    Map<String, Object> driver = Json.obj();
    driver.put("name", Version.NAME);
    driver.put("fullName", Version.NAME + " " + Version.version());
    driver.put("version", Version.version());
    String semver = semanticVersion(Version.version());
    if (semver != null) {
      driver.put("semanticVersion", semver);
    }
    driver.put("informationUri", Version.URI);
    List<Object> rules = new ArrayList<>();
    for (Rule r : Rules.ALL) {
      rules.add(rule(r));
    }
    driver.put("rules", rules);
    return driver;
  }

  /**
   * {@code version} when it is a Semantic Versioning 2.0 version (the jar's is), else null: from
   * classes it is {@code dev}, and a made-up semantic version would mislead code scanning, which
   * tracks tool changes by it.
   */
  static String semanticVersion(String version) {
    String id = "[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*";
    return version.matches("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-" + id + ")?(\\+" + id + ")?")
        ? version : null;
  }

  static Map<String, Object> rule(Rule rule) {
    RuleInfo info = rule.info();
    Map<String, Object> r = Json.obj();
    // The opaque id, and the readable name apart (SARIF1001); the name was the id before.
    r.put("id", info.code());
    r.put("deprecatedIds", List.of(info.id()));
    r.put("name", info.id());
    r.put("shortDescription", Map.of("text", info.summary()));
    r.put("fullDescription", Map.of("text", info.description()));
    Map<String, Object> help = Json.obj();
    help.put("text", info.description() + "\n\nFix: " + info.fix() + "\n\nExample:\n" + info.example());
    help.put("markdown", "**" + info.summary() + "**\n\n" + info.description() + "\n\n**Fix:** " + info.fix()
        + "\n\n**Example:**\n\n```java\n" + info.example() + "\n```\n");
    r.put("help", help);
    r.put("helpUri", rule.helpUri());
    r.put("defaultConfiguration", Map.of("level", info.level()));
    Map<String, Object> props = Json.obj();
    props.put("tags", List.of(info.tags()));
    props.put("precision", "medium");
    props.put("problem.severity", info.level().equals("error") ? "error" : "warning");
    r.put("properties", props);
    return r;
  }
}
