package dev.lockorder.robust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.fixtures.Fixtures;
import dev.lockorder.input.ClassFile;
import dev.lockorder.input.Inputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutates the fixtures' class files (bit flips, truncation, insertion, version and length fields)
 * and runs the whole pipeline on each, in memory. Nothing may escape but a warning, and every
 * input must finish in bounded time. The seed is fixed, so a failure repeats; inputs that once
 * failed are kept in src/test/resources/robust/ and replayed by {@code RegressionCorpusTest}.
 */
class FuzzTest {
  private static List<byte[]> seeds;
  private static final AnalysisConfig CONFIG = AnalysisConfig.builder().threads(1).build();

  @BeforeContainer
  static void loadSeeds() {
    seeds = new ArrayList<>();
    for (String module : List.of("wireguard", "wireguard-fixed")) {
      try (Stream<Path> s = Files.walk(Fixtures.classes(module))) {
        for (Path p : s.filter(x -> x.toString().endsWith(".class")).sorted().toList()) {
          seeds.add(Files.readAllBytes(p));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One mutation: which seed, where, what. */
  record Mutation(int seed, int kind, int position, int value, int length) {}

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> one = Combinators.combine(
        Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 5),
        Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers().between(0, 255),
        Arbitraries.integers().between(1, 64)).as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  static byte[] apply(List<Mutation> ms) {
    byte[] b = seeds.get(ms.get(0).seed() % seeds.size()).clone();
    for (Mutation m : ms) {
      int pos = b.length == 0 ? 0 : m.position() % b.length;
      if (b.length == 0 && m.kind() != 2) {
        continue;
      }
      switch (m.kind()) {
        case 0 -> b[pos] ^= (byte) (1 << (m.value() % 8)); // bit flip
        case 1 -> b = java.util.Arrays.copyOf(b, pos); // truncate
        case 2 -> { // insert bytes
          byte[] n = new byte[b.length + m.length()];
          System.arraycopy(b, 0, n, 0, pos);
          java.util.Arrays.fill(n, pos, pos + m.length(), (byte) m.value());
          System.arraycopy(b, pos, n, pos + m.length(), b.length - pos);
          b = n;
        }
        case 3 -> { // class file version
          if (b.length > 8) {
            b[7] = (byte) (m.value() % 80);
          }
        }
        case 4 -> { // a two-byte length or index field somewhere
          if (b.length > pos + 1) {
            b[pos] = (byte) 0xFF;
            b[pos + 1] = (byte) m.value();
          }
        }
        default -> b[pos] = (byte) m.value(); // overwrite
      }
    }
    return b;
  }

  static void keep(byte[] input) {
    try {
      Path dir = Path.of("target/fuzz-failures");
      Files.createDirectories(dir);
      Files.write(dir.resolve(Integer.toHexString(java.util.Arrays.hashCode(input)) + ".class"), input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 10_000, seed = "20261123", shrinking = ShrinkingMode.OFF)
  void mutatedClassFiles_neverEscape(@ForAll("mutations") List<Mutation> ms) {
    byte[] mutated = apply(ms);
    List<ClassFile> files = List.of(new ClassFile("fuzz/Mutated.class", mutated, false),
        new ClassFile("fuzz/Seed.class", seeds.get(0), false));
    long t0 = System.nanoTime();
    AnalysisResult r;
    try {
      r = Lockorder.analyze(new Inputs(files, List.of(), 0), CONFIG);
    } catch (RuntimeException | Error e) {
      keep(mutated); // becomes a regression input once the bug is fixed
      throw e;
    }
    long ms0 = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms0 < 5_000, "one input took " + ms0 + " ms");
    assertTrue(r.stats().classes() >= 1, "the good class is still analyzed");
  }
}
