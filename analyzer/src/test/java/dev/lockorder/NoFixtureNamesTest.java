package dev.lockorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The analyzer must not special-case a fixture: no fixture name may appear in its code. */
class NoFixtureNamesTest {
  private static final Pattern NAMES = Pattern.compile("WgDevice|WgPeer|wireguard|Netlink|handshakeSendWq"
      + "|staticIdentity|patterns\\.|implicit\\.");

  @Test
  void analyzerSources_nameNoFixture() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
      List<String> hits = s.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          return NAMES.matcher(Files.readString(p)).find();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(Path::toString).sorted().toList();
      assertEquals(List.of(), hits);
    }
  }
}
