package dev.lockorder.realworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.cycles.Finding;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.graph.LockClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Documented deadlocks in released libraries ({@link RealWorldCases}): the buggy jar must report
 * the documented cycle, the fixed jar must not. Opt-in ({@code mvn -B verify -Prealworld}): the
 * profile fetches the jars through Maven into {@code target/realworld} and names that folder in
 * {@code lockorder.realworld}.
 */
@EnabledIfSystemProperty(named = "lockorder.realworld", matches = ".+")
class RealWorldTest {

  private static Path jar(String name) {
    Path p = Path.of(System.getProperty("lockorder.realworld")).resolve(name);
    if (!Files.isRegularFile(p)) {
      fail(p + " is missing: the realworld profile fetches it (mvn -B verify -Prealworld); "
          + "list it in the profile's artifactItems in analyzer/pom.xml");
    }
    return p;
  }

  static AnalysisResult analyze(RealWorldCase c, String jarName) {
    try {
      AnalysisConfig.Builder b = AnalysisConfig.builder();
      for (String j : jarName.split("\\+")) {
        b.input(jar(j)); // a release made of several jars (a framework and its pool module)
      }
      return Lockorder.analyze(b
          .classpath(c.classpath().stream().map(RealWorldTest::jar).toList())
          .includes(c.includes())
          .maxCycles(100_000)
          .maxSummary(4096)
          .build());
    } catch (Exception e) {
      throw new AssertionError(jarName + ": " + e, e);
    }
  }

  static Set<String> lockNames(Finding f) {
    return f.chain().stream().map(LockClass::display).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The reported cycle over exactly the documented lock classes, if any. */
  static Optional<Finding> documentedCycle(RealWorldCase c, AnalysisResult r) {
    return r.findings().stream()
        .filter(f -> f.rule().id().equals("LockOrderCycle") && lockNames(f).equals(new TreeSet<>(c.locks())))
        .findFirst();
  }

  static String summary(AnalysisResult r) {
    return r.findings().size() + " findings:\n  " + r.findings().stream().limit(20).map(Finding::chainText)
        .collect(Collectors.joining("\n  "));
  }

  @TestFactory
  Stream<DynamicContainer> documentedDeadlocks() {
    return RealWorldCases.ALL.stream().map(c -> DynamicContainer.dynamicContainer(c.report(), Stream.of(
        DynamicTest.dynamicTest(c.buggy() + " reports the documented cycle", () -> buggy(c)),
        DynamicTest.dynamicTest(c.fixed() + " does not", () -> fixed(c)))));
  }

  static void buggy(RealWorldCase c) {
    AnalysisResult r = analyze(c, c.buggy());
    Finding f = documentedCycle(c, r).orElseThrow(() -> new AssertionError(
        c.buggy() + ": no cycle over " + new TreeSet<>(c.locks()) + "; " + summary(r)));
    Set<String> seen = new TreeSet<>();
    for (Edge e : f.edges()) {
      e.witness().frames().stream().map(Frame::shortMethod).forEach(seen::add);
    }
    for (String m : c.methods()) {
      assertTrue(seen.contains(m), () -> c.buggy() + ": the cycle " + f.chainText() + " is not witnessed through "
          + m + "; its witnesses pass through " + seen);
    }
  }

  static void fixed(RealWorldCase c) {
    AnalysisResult r = analyze(c, c.fixed());
    // Absence only counts when every cycle was looked at.
    assertEquals(List.of(), r.stats().truncated(), () -> c.fixed() + ": the analysis was cut short");
    documentedCycle(c, r).ifPresent(f -> fail(c.fixed() + ": the documented cycle is still reported: "
        + f.chainText()));
  }
}
