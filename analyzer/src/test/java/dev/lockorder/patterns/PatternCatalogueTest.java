package dev.lockorder.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockorder.fixtures.FixtureHarness;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explicit-lock catalogue (fixtures/patterns) against the expectations in its source. */
class PatternCatalogueTest {
  @Test
  void catalogue_matchesItsExpectationsExactly() {
    List<String> problems = FixtureHarness.check("patterns");
    assertEquals("", String.join("\n", problems));
  }
}
