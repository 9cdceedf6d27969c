package dev.lockorder.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockorder.report.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SARIF parameters of the check goal: the code scanning category (one per module by
 * default), the root URIs are relative to (the git root above the project by default), and the
 * warning when no source root holds a location's file.
 */
class SarifParametersTest {
  @TempDir Path tmp;
  final RecordingLog log = new RecordingLog();

  /** The wireguard port as a module in {@code dir}: its classes, and its sources in src/main/java. */
  CheckMojo mojo(Path dir) throws IOException {
    Path sources = dir.resolve("src/main/java");
    Path from = Path.of(System.getProperty("lockorder.fixtures", "../fixtures"), "wireguard/src/main/java");
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path to = sources.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    MavenProject project = new MavenProject();
    project.setArtifactId("wg");
    project.setFile(dir.resolve("pom.xml").toFile());
    project.setPackaging("jar");
    project.getBuild().setOutputDirectory(CheckMojoTest.fixtureClasses("wireguard").toString());
    project.addCompileSourceRoot(sources.toString());
    CheckMojo m = new CheckMojo();
    m.project = project;
    m.failOnCycle = false;
    m.maxCycles = 1000;
    m.sarifFile = dir.resolve("target/lockorder.sarif").toFile();
    m.textFile = dir.resolve("target/lockorder.txt").toFile();
    m.setLog(log);
    return m;
  }

  static JsonNode run(CheckMojo m) throws Exception {
    m.execute();
    return new ObjectMapper().readTree(m.sarifFile).get("runs").get(0);
  }

  /** The run's category (in an Azure DevOps pipeline the id is under the pipeline's prefix). */
  static String category(JsonNode run) {
    return run.get("automationDetails").get("id").asText().replaceFirst("^azuredevops/pipeline/build/", "");
  }

  static List<String> uris(JsonNode run) {
    List<String> out = new ArrayList<>();
    run.findValues("artifactLocation").forEach(a -> out.add(a.get("uri").asText()));
    return out;
  }

  @Test
  void eachModule_hasItsOwnCategory_unlessOneIsGiven() throws Exception {
    assertEquals("lockorder/wg/", category(run(mojo(tmp))));
    CheckMojo given = mojo(tmp.resolve("b"));
    given.sarifCategory = "lockorder/jdk17";
    assertEquals("lockorder/jdk17/", category(run(given)));
    CheckMojo empty = mojo(tmp.resolve("c"));
    empty.sarifCategory = "/";
    assertThrows(MojoExecutionException.class, empty::execute);
  }

  @Test
  void aModuleBelowTheGitRoot_getsPathsFromTheGitRoot() throws Exception {
    Files.createDirectories(tmp.resolve(".git"));
    List<String> uris = uris(run(mojo(tmp.resolve("modules/wg"))));
    assertTrue(uris.stream().allMatch(u -> u.startsWith("modules/wg/src/main/java/wireguard/")), uris.toString());
  }

  @Test
  void aModuleAtTheGitRoot_getsThePathsItGotBefore() throws Exception {
    Files.createDirectories(tmp.resolve(".git"));
    List<String> uris = uris(run(mojo(tmp)));
    assertTrue(uris.stream().allMatch(u -> u.startsWith("src/main/java/wireguard/")), uris.toString());
  }

  @Test
  void withoutAGitRoot_pathsAreFromTheExecutionRoot_andAGivenRootWins() throws Exception {
    assumeTrue(RepoRoot.gitRoot(tmp) == null, "the temporary folder is inside a git checkout");
    // Outside Maven there is no session: the project is its own execution root.
    List<String> uris = uris(run(mojo(tmp.resolve("wg"))));
    assertTrue(uris.stream().allMatch(u -> u.startsWith("src/main/java/wireguard/")), uris.toString());
    CheckMojo given = mojo(tmp.resolve("other"));
    given.repoRoot = tmp.toFile();
    uris = uris(run(given));
    assertTrue(uris.stream().allMatch(u -> u.startsWith("other/src/main/java/wireguard/")), uris.toString());
  }

  @Test
  void sourceRootsThatHoldNoneOfTheFiles_areAWarning_andTheCompileSourceRootsNone() throws Exception {
    CheckMojo mapped = mojo(tmp.resolve("a"));
    mapped.execute();
    assertTrue(log.warnings.stream().noneMatch(w -> w.contains("no source root")), log.warnings.toString());
    CheckMojo unmapped = mojo(tmp.resolve("b"));
    unmapped.sourceRoots = List.of(tmp.resolve("elsewhere").toFile());
    unmapped.execute();
    assertTrue(log.warnings.stream().anyMatch(w -> w.matches("lockorder: SARIF: (\\d+) of \\1 locations are in no"
        + " source root.*; list the source folders in sourceRoots.*")), log.warnings.toString());
  }
}
