package dev.lockorder.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Diagnostic;
import dev.lockorder.Lockorder;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.fixtures.TestCompiler;
import dev.lockorder.input.InputReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets a warning naming the file, and the rest of the analysis goes on.
 * The good input in each case is the buggy WireGuard port, whose one cycle must still be found.
 */
@Timeout(60)
class BadInputTest {
  static final String CHAIN = "(completion)WgDevice.handshakeSendWq --> (work)WgPeer.transmitHandshakeWork"
      + " --> WgDevice.staticIdentity.lock";

  static AnalysisResult analyze(Path... inputs) {
    try {
      return Lockorder.analyze(AnalysisConfig.builder().inputs(List.of(inputs)).build());
    } catch (InputReader.InputException e) {
      throw new AssertionError(e);
    }
  }

  static Path wireguardCopy(Path tmp) throws IOException {
    Path src = Fixtures.classes("wireguard");
    Path dst = tmp.resolve("wg");
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Path t = dst.resolve(src.relativize(p).toString());
        Files.createDirectories(t.getParent());
        Files.copy(p, t);
      }
    }
    return dst;
  }

  static Path jarOf(Path dir, Path jar) throws IOException {
    Files.write(jar, Archives.jar(dir));
    return jar;
  }

  static void assertStillFindsTheCycle(AnalysisResult r) {
    assertEquals(List.of(CHAIN), r.findings().stream().map(f -> f.chainText()).toList());
  }

  static Diagnostic diag(AnalysisResult r, String code) {
    return r.diagnostics().stream().filter(d -> d.code().equals(code)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + code + " in " + r.diagnostics()));
  }

  @Test
  void corruptTruncatedAndNonClassFiles_areNamedAndSkipped(@TempDir Path tmp) throws IOException {
    Path wg = wireguardCopy(tmp);
    byte[] real = Files.readAllBytes(wg.resolve("wireguard/Rtnl.class"));
    Files.write(wg.resolve("wireguard/Truncated.class"), Arrays.copyOf(real, real.length / 2));
    byte[] corrupt = real.clone();
    for (int i = 10; i < corrupt.length; i += 7) {
      corrupt[i] = (byte) 0xFF;
    }
    Files.write(wg.resolve("wireguard/Corrupt.class"), corrupt);
    Files.writeString(wg.resolve("wireguard/Text.class"), "this is not a class file");
    AnalysisResult r = analyze(wg);
    assertStillFindsTheCycle(r);
    for (String name : List.of("Truncated.class", "Corrupt.class", "Text.class")) {
      assertTrue(r.diagnostics().stream().anyMatch(d -> d.file().endsWith(name)), name + ": " + r.diagnostics());
    }
    assertEquals(3, r.stats().skippedInputs());
  }

  @Test
  void jarWithBrokenCentralDirectory_isRecoveredByStreaming(@TempDir Path tmp) throws IOException {
    Path jar = jarOf(Fixtures.classes("wireguard"), tmp.resolve("wg.jar"));
    byte[] b = Files.readAllBytes(jar);
    Files.write(jar, Arrays.copyOf(b, b.length - 40)); // cuts the end-of-central-directory record
    AnalysisResult r = analyze(jar);
    assertTrue(diag(r, "corrupt-jar").file().endsWith("wg.jar"));
    assertStillFindsTheCycle(r);
  }

  @Test
  void nestedJarsAndZipBombs_areReportedWithBoundedWork(@TempDir Path tmp) throws IOException {
    Path jar = tmp.resolve("app.jar");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(new ZipEntry("lib/inner.jar"));
      z.write(new byte[] {'P', 'K', 3, 4});
      z.closeEntry();
      z.putNextEntry(new ZipEntry("Bomb.class"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 128; i++) { // 128 MiB of zeros, about 128 KiB compressed
        z.write(zeros);
      }
      z.closeEntry();
    }
    AnalysisResult r = analyze(jar, Fixtures.classes("wireguard"));
    assertTrue(diag(r, "nested-jar").file().endsWith("app.jar!/lib/inner.jar"));
    assertTrue(diag(r, "zip-bomb").file().endsWith("app.jar!/Bomb.class"));
    assertStillFindsTheCycle(r);
  }

  @Test
  void duplicateClass_firstWinsAndIsSaid(@TempDir Path tmp) throws IOException {
    Path second = tmp.resolve("second/wireguard");
    Files.createDirectories(second);
    Files.copy(Fixtures.classes("wireguard-fixed").resolve("wireguard/Netlink.class"), second.resolve("Netlink.class"));
    AnalysisResult r = analyze(Fixtures.classes("wireguard"), tmp.resolve("second"));
    Diagnostic d = diag(r, "duplicate-class");
    assertTrue(d.file().endsWith("second/wireguard/Netlink.class") && d.message().contains("the first"), d.toString());
    assertStillFindsTheCycle(r); // the buggy Netlink came first
  }

  @Test
  void newerClassVersion_isNamedAndSkipped(@TempDir Path tmp) throws IOException {
    Path wg = wireguardCopy(tmp);
    Path f = wg.resolve("wireguard/Rtnl.class");
    byte[] b = Files.readAllBytes(f);
    b[6] = 0;
    b[7] = 99;
    Files.write(f, b);
    AnalysisResult r = analyze(wg);
    Diagnostic d = diag(r, "unsupported-version");
    assertTrue(d.file().endsWith("Rtnl.class") && d.message().contains("99"), d.toString());
    assertEquals(1, r.stats().skippedInputs());
  }

  @Test
  void missingSuperclasses_degradeGracefullyAndAreCounted(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("only");
    Files.createDirectories(dir.resolve("wireguard"));
    Files.copy(Fixtures.classes("wireguard").resolve("wireguard/Workqueue.class"), dir.resolve("wireguard/Workqueue.class"));
    Files.copy(Fixtures.classes("wireguard").resolve("wireguard/Peers.class"), dir.resolve("wireguard/Peers.class"));
    AnalysisResult r = analyze(dir);
    assertTrue(r.stats().missingClasses() > 0, r.stats().toString());
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.code().equals("missing-class") && d.file().equals("wireguard.WgPeer")));
  }

  @Test
  void methodAtThe64kLimit_isAnalyzed(@TempDir Path tmp) throws IOException {
    Generated.write(tmp, "gen/Huge", Generated.hugeMethod("gen/Huge"));
    AnalysisResult r = analyze(tmp);
    assertEquals(1, r.stats().classes());
    assertEquals(List.of(), r.diagnostics());
  }

  @Test
  void callChain10000Deep_andMutualRecursion_noStackOverflow(@TempDir Path tmp) throws IOException {
    Generated.write(tmp, "gen/Deep", Generated.deepChain("gen/Deep", 10_000));
    AnalysisResult r = analyze(tmp);
    assertEquals(List.of("Deep.A --> Deep.B"), r.findings().stream().map(f -> f.chainText()).toList());
    assertTrue(r.stats().truncated().stream().anyMatch(t -> t.startsWith("maxWitnessDepth")),
        "the witness of the deep edge is cut, and the run says so: " + r.stats().truncated());
  }

  @Test
  void emptyFolderAndMissingPath_areUsageErrors(@TempDir Path tmp) {
    assertThrows(InputReader.InputException.class,
        () -> Lockorder.analyze(AnalysisConfig.builder().input(tmp).build()));
    assertThrows(InputReader.InputException.class,
        () -> Lockorder.analyze(AnalysisConfig.builder().input(tmp.resolve("missing")).build()));
  }

  @Test
  void analyzedCode_isNeverLoadedNorRun(@TempDir Path tmp) throws IOException {
    Path marker = tmp.resolve("static-initializer-ran");
    String src = """
        package evil;
        public class Payload {
          static {
            try {
              java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "ran");
            } catch (Exception e) {
              throw new RuntimeException(e);
            }
          }
          static final Object LOCK = new Object();
          public static void run() { synchronized (LOCK) { } }
        }
        """.formatted(marker.toString().replace("\\", "\\\\"));
    Path classes = TestCompiler.compile(tmp.resolve("evil"), Map.of("evil/Payload.java", src));
    AnalysisResult r = analyze(classes);
    assertEquals(1, r.stats().classes());
    assertFalse(Files.exists(marker), "the analyzer must not initialize the classes it reads");
  }
}
