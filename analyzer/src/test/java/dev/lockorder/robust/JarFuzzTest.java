package dev.lockorder.robust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.input.InputReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutates whole archives rather than class files: a plain jar of the WireGuard port and a Spring
 * Boot jar that packs it as a library. Damage anywhere (local headers, the central directory,
 * compressed data, the nested jar) may cost classes and must be said, but never escapes as an
 * exception and never hangs. Seeded, so a failure repeats.
 */
class JarFuzzTest {
  private static byte[] plain;
  private static byte[] boot;

  @BeforeContainer
  static void buildArchives() {
    try {
      plain = zip(Fixtures.classes("wireguard"), "", null);
      boot = zip(Fixtures.classes("wireguard-fixed"), "BOOT-INF/classes/", plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] zip(Path dir, String prefix, byte[] library) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      Archives.add(z, dir, prefix);
      if (library != null) {
        Archives.put(z, "BOOT-INF/lib/wireguard.jar", library);
      }
    }
    return b.toByteArray();
  }

  /** One change to the archive's bytes: flip, overwrite a run, or cut. */
  record Damage(int kind, int position, int value, int length) {}

  @Provide
  Arbitrary<List<Damage>> damages() {
    Arbitrary<Damage> one = Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.integers().between(0, 255),
        Arbitraries.integers().between(1, 512)).as(Damage::new);
    return one.list().ofMinSize(1).ofMaxSize(3);
  }

  static byte[] damage(byte[] archive, List<Damage> ds) {
    byte[] b = archive.clone();
    for (Damage d : ds) {
      if (b.length == 0) {
        break;
      }
      int pos = d.position() % b.length;
      switch (d.kind()) {
        case 0 -> b[pos] ^= (byte) (1 << (d.value() % 8));
        case 1 -> Arrays.fill(b, pos, Math.min(b.length, pos + d.length()), (byte) d.value());
        default -> b = Arrays.copyOf(b, pos);
      }
    }
    return b;
  }

  static void analyzeDamaged(byte[] damaged, String name) throws IOException {
    Path dir = Files.createTempDirectory("jarfuzz");
    Path jar = dir.resolve(name);
    try {
      Files.write(jar, damaged);
      long t0 = System.nanoTime();
      AnalysisResult r;
      try {
        r = Lockorder.analyze(AnalysisConfig.builder().threads(1).input(jar).build());
      } catch (InputReader.InputException e) {
        return; // a usage error names the path: an allowed outcome for an unreadable input
      } catch (RuntimeException | Error e) {
        Path keep = Path.of("target/fuzz-failures");
        Files.createDirectories(keep);
        Files.write(keep.resolve(Integer.toHexString(Arrays.hashCode(damaged)) + "-" + name), damaged);
        throw e;
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 10_000, "one archive took " + ms + " ms");
      boolean lost = r.stats().skippedInputs() > 0 || !r.diagnostics().isEmpty();
      assertTrue(lost || r.stats().classes() > 0, "an archive that lost nothing still has its classes");
    } finally {
      Files.deleteIfExists(jar);
      Files.deleteIfExists(dir);
    }
  }

  @Property(tries = 300, seed = "20261201", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void damagedJars_neverEscape(@ForAll("damages") List<Damage> ds) throws IOException {
    analyzeDamaged(damage(plain, ds), "app.jar");
  }

  @Property(tries = 300, seed = "20261202", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
  void damagedBootJars_neverEscape(@ForAll("damages") List<Damage> ds) throws IOException {
    analyzeDamaged(damage(boot, ds), "boot.jar");
  }
}
