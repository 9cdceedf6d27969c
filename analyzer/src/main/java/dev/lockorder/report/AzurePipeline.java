package dev.lockorder.report;

import java.util.Map;
import java.util.UUID;

/**
 * The Azure DevOps pipeline a run is part of, read from the agent's predefined variables. GitHub
 * Advanced Security for Azure DevOps identifies an analysis by its build definition and phase,
 * which it reads from {@code runs[].automationDetails}: an id under {@code
 * azuredevops/pipeline/build/} and four properties (Multitool GHAzDO1019, GHAzDO1020). Outside a
 * pipeline, or with any of them missing or malformed, there is none, and the log keeps code
 * scanning's plain category.
 *
 * @param definitionId the build definition id, a positive integer
 * @param definitionName the build definition's name
 * @param phaseId the phase (job) id, a GUID
 * @param phaseName the phase's name
 */
record AzurePipeline(String definitionId, String definitionName, String phaseId, String phaseName) {
  static final String PREFIX = "azuredevops/pipeline/build/";

  /** The pipeline {@code env} describes, or null (not {@code TF_BUILD=True}, or incomplete). */
  static AzurePipeline detect(Map<String, String> env) {
    if (!"true".equalsIgnoreCase(env.getOrDefault("TF_BUILD", "").strip())) {
      return null;
    }
    String id = first(env, "BUILD_DEFINITIONID", "SYSTEM_DEFINITIONID");
    String name = first(env, "BUILD_DEFINITIONNAME");
    String phase = first(env, "SYSTEM_PHASEID", "SYSTEM_JOBID");
    String phaseName = first(env, "SYSTEM_PHASENAME", "SYSTEM_JOBNAME");
    if (id == null || !id.matches("[1-9][0-9]{0,9}") || name == null || phaseName == null || !isGuid(phase)) {
      return null;
    }
    return new AzurePipeline(id, name, phase.toLowerCase(), phaseName);
  }

  /** {@code runs[].automationDetails}: the category under the pipeline prefix, and the pipeline. */
  Map<String, Object> automationDetails(String automationId) {
    Map<String, Object> props = Json.obj();
    props.put(PREFIX + "buildDefinitionId", definitionId);
    props.put(PREFIX + "buildDefinitionName", definitionName);
    props.put(PREFIX + "phaseId", phaseId);
    props.put(PREFIX + "phaseName", phaseName);
    Map<String, Object> details = Json.obj();
    details.put("id", PREFIX + automationId);
    details.put("properties", props);
    return details;
  }

  private static String first(Map<String, String> env, String... keys) {
    for (String key : keys) {
      String v = env.get(key);
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }

  private static boolean isGuid(String s) {
    if (s == null || !s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
      return false;
    }
    return !UUID.fromString(s).equals(new UUID(0, 0));
  }
}
