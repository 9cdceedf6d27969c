package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockorder.cli.Main;
import dev.lockorder.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SARIF URIs are relative to the git root by default, the folder code scanning resolves them
 * against, wherever the run starts below it; without a git root, to where it starts.
 */
class RepoRootTest {
  @Test
  void theNearestFolderHoldingDotGit_isTheRoot_aFolderOrAFile(@TempDir Path tmp) throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo/.git")).getParent();
    Path deep = Files.createDirectories(repo.resolve("a/b/c"));
    assertEquals(repo, RepoRoot.gitRoot(deep));
    assertEquals(repo, RepoRoot.gitRoot(repo));
    // A worktree or a submodule has a .git file; the nearest one wins over the enclosing clone.
    Path sub = Files.createDirectories(repo.resolve("modules/sub"));
    Files.writeString(sub.resolve(".git"), "gitdir: ../../.git/modules/sub\n");
    assertEquals(sub, RepoRoot.gitRoot(sub.resolve("x")));
    assertEquals(repo, RepoRoot.of(deep, tmp));
  }

  @Test
  void withoutAGitRoot_theFallbackIsTheRoot(@TempDir Path tmp) throws Exception {
    assumeTrue(RepoRoot.gitRoot(tmp) == null, "the temporary folder is inside a git checkout");
    assertNull(RepoRoot.gitRoot(tmp));
    assertEquals(tmp.toAbsolutePath().normalize(), RepoRoot.of(tmp.resolve("x"), tmp));
  }

  /** Runs the command line in {@code cwd} (a folder of its own: the JVM's own cannot change). */
  static List<String> urisOfACliRunIn(Path cwd, Path sourceRoot, Path out) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "--exit-zero", "--sarif", out.toString(),
        "--source-root", sourceRoot.toString(), Fixtures.classes("wireguard").toAbsolutePath().toString())
        .directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return new ObjectMapper().readTree(out.toFile()).findValues("artifactLocation").stream()
        .map(a -> a.get("uri").asText()).distinct().toList();
  }

  @Test
  void theCommandLine_startedBelowTheGitRoot_givesPathsFromTheGitRoot(@TempDir Path tmp) throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo/.git")).getParent();
    Path root = UriEncodingTest.copySources(repo.resolve("app"));
    Path cwd = Files.createDirectories(repo.resolve("app/build"));
    List<String> uris = urisOfACliRunIn(cwd, root, tmp.resolve("out.sarif"));
    assertTrue(uris.contains("app/src/main/java/wireguard/Workqueue.java"), uris.toString());
    assertTrue(uris.stream().allMatch(u -> u.startsWith("app/src/main/java/wireguard/")), uris.toString());
  }

  @Test
  void theCommandLine_startedAtTheGitRoot_givesThePathsItGaveBefore(@TempDir Path tmp) throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo/.git")).getParent();
    Path root = UriEncodingTest.copySources(repo.resolve("app"));
    List<String> uris = urisOfACliRunIn(repo, root, tmp.resolve("out.sarif"));
    assertTrue(uris.stream().allMatch(u -> u.startsWith("app/src/main/java/wireguard/")), uris.toString());
  }

  @Test
  void theCommandLine_withoutAGitRoot_givesPathsFromWhereItStarted(@TempDir Path tmp) throws Exception {
    assumeTrue(RepoRoot.gitRoot(tmp) == null, "the temporary folder is inside a git checkout");
    Path root = UriEncodingTest.copySources(tmp.resolve("app"));
    List<String> uris = urisOfACliRunIn(tmp.resolve("app"), root, tmp.resolve("out.sarif"));
    assertTrue(uris.stream().allMatch(u -> u.startsWith("src/main/java/wireguard/")), uris.toString());
  }
}
