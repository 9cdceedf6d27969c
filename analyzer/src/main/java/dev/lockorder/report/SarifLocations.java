package dev.lockorder.report;

import dev.lockorder.graph.Frame;
import java.util.Map;

/**
 * SARIF {@code location}s of frames: the artifact's URI (through the {@link SourceMap}, which
 * counts the ones no source root holds), the region, and a message.
 */
final class SarifLocations {
  private final SourceMap map;

  SarifLocations(SourceMap map) {
    this.map = map;
  }

  SourceMap map() {
    return map;
  }

  /** @param text the location's message, or null */
  Map<String, Object> location(Frame f, String text) {
    Map<String, Object> phys = Json.obj();
    Map<String, Object> art = Json.obj();
    SourceMap.Artifact a = map.artifact(f);
    art.put("uri", a.uri());
    if (!a.absolute()) {
      // A source found outside the repository root has an absolute URI: a base would be wrong.
      art.put("uriBaseId", "%SRCROOT%");
    }
    phys.put("artifactLocation", art);
    if (f.line() > 0) {
      phys.put("region", Map.of("startLine", f.line()));
    } else if (a.lines() > 0) {
      // No line table (javac -g:none): the code is somewhere in the file, which is all we know;
      // a location without a region is one code scanning cannot place (Multitool SARIF2017).
      Map<String, Object> region = Json.obj();
      region.put("startLine", 1);
      region.put("endLine", a.lines());
      phys.put("region", region);
    }
    Map<String, Object> loc = Json.obj();
    loc.put("physicalLocation", phys);
    String message = f.line() > 0 ? text : withoutLine(f, text);
    if (message != null) {
      loc.put("message", Map.of("text", message));
    }
    return loc;
  }

  /**
   * A location's message when its class has no line numbers: the region cannot say where, so the
   * message does, as the text report does: the method, its descriptor (overloads) and the bytecode
   * offset {@code javap -c} shows.
   */
  static String withoutLine(Frame f, String text) {
    String where = f.shortMethod() + f.descriptor() + (f.offset() >= 0 ? ", bytecode offset " + f.offset() : "")
        + " (no line numbers)";
    return text == null || text.equals(f.shortMethod()) ? where : text + ", at " + where;
  }
}
