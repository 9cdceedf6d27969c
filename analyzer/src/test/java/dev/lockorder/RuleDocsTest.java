package dev.lockorder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.rules.Rule;
import dev.lockorder.rules.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every rule has its doc, with the sections users look for. */
class RuleDocsTest {
  @Test
  void everyRule_hasADocWithExampleFixLimitationsAndSuppression() throws IOException {
    for (Rule r : Rules.ALL) {
      Path doc = Path.of("../docs/rules", r.id() + ".md");
      assertTrue(Files.isRegularFile(doc), "missing " + doc);
      String text = Files.readString(doc);
      for (String section : new String[] {"## Example", "## Fix", "## Limitations", "## Suppression"}) {
        assertTrue(text.contains(section), doc + " lacks " + section);
      }
    }
  }
}
