package dev.lockorder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockorder.AnalysisResult;
import dev.lockorder.fixtures.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SARIF URIs are RFC 3986 URIs: a folder with a space in its name is %20 (Multitool SARIF1002). */
class UriEncodingTest {
  @Test
  void pathCharactersOutsideAPathSegment_arePercentEncoded() {
    assertEquals("my%20app/src/A.java", SourceMap.encodePath("my app/src/A.java"));
    assertEquals("caf%C3%A9/A.java", SourceMap.encodePath("café/A.java"));
    assertEquals("a%25b/c%23d/e%3Ff/g%5Bh%5D.java", SourceMap.encodePath("a%b/c#d/e?f/g[h].java"));
    // A colon in the first segment would read as a scheme; further on it is a path character.
    assertEquals("c%3A/x:y/A.java", SourceMap.encodePath("c:/x:y/A.java"));
  }

  @Test
  void aPathOfPathCharactersOnly_staysAsItIs() {
    for (String p : List.of("src/main/java/p/Outer$Inner.class", "fixtures/wireguard/src/main/java/wireguard/Noise.java",
        "a-b_c.d~e/f!g&h'(i)*+,;=@.java")) {
      assertEquals(p, SourceMap.encodePath(p));
    }
  }

  /** The WireGuard port's sources, copied under {@code tree} as a source root; returns that root. */
  static Path copySources(Path tree) throws IOException {
    Path root = tree.resolve("src/main/java");
    Path from = Fixtures.sources("wireguard");
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path to = root.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return root;
  }

  static List<String> uris(String log) throws IOException {
    return new ObjectMapper().readTree(log).findValues("artifactLocation").stream()
        .map(a -> a.get("uri").asText()).distinct().toList();
  }

  @Test
  void aSourceTreeWithASpace_givesEncodedRelativeUris_thatResolveToTheFiles(@TempDir Path tmp) throws Exception {
    Path repo = tmp.resolve("repo");
    Path root = copySources(repo.resolve("my app"));
    AnalysisResult r = Fixtures.analyze("wireguard");
    String log = SarifReport.render(r, List.of(root), repo);
    assertEquals(List.of(), Schemas.sarif(log));
    List<String> uris = uris(log);
    assertTrue(uris.contains("my%20app/src/main/java/wireguard/Workqueue.java"), uris.toString());
    for (String u : uris) {
      assertFalse(u.contains(" "), u);
      // Resolved against the repository's root, as code scanning does, each is a file of the tree.
      Path file = Path.of(repo.toUri().resolve(new URI(u)));
      assertTrue(Files.isRegularFile(file), file.toString());
    }
  }

  @Test
  void aSourceTreeWithASpace_outsideTheRepository_givesEncodedAbsoluteFileUris(@TempDir Path tmp) throws Exception {
    Path root = copySources(tmp.resolve("my app"));
    String log = SarifReport.render(Fixtures.analyze("wireguard"), List.of(root), tmp.resolve("elsewhere"));
    assertEquals(List.of(), Schemas.sarif(log));
    for (String u : uris(log)) {
      assertTrue(u.startsWith("file:/") && u.contains("/my%20app/src/main/java/wireguard/"), u);
      assertTrue(Files.isRegularFile(Path.of(new URI(u))), u);
    }
  }

  @Test
  void aSourceTreeWithoutASpace_givesThePathAsItIs() throws Exception {
    JsonNode result = new ObjectMapper().readTree(ReportsTest.sarifOf("wireguard", Fixtures.analyze("wireguard")))
        .get("runs").get(0).get("results").get(0);
    assertEquals("fixtures/wireguard/src/main/java/wireguard/Netlink.java",
        result.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText());
  }
}
