package dev.lockorder.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lockorder.graph.Frame;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared JSON writing: insertion-ordered maps, two-space indent, LF newlines: byte-stable output. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  static Map<String, Object> obj() {
    return new LinkedHashMap<>();
  }

  static String write(Object tree) {
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
    DefaultIndenter ind = new DefaultIndenter("  ", "\n");
    pp.indentObjectsWith(ind);
    pp.indentArraysWith(ind);
    try {
      return MAPPER.writer(pp).writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> frame(Frame f) {
    Map<String, Object> m = obj();
    m.put("class", f.className());
    m.put("method", f.method());
    m.put("descriptor", f.descriptor());
    m.put("file", f.sourceFile());
    m.put("line", f.line());
    if (f.offset() >= 0) {
      m.put("offset", f.offset());
    }
    m.put("kind", f.kind() == Frame.Kind.RUN_BY_JDK ? "call"
        : f.kind() == Frame.Kind.GUESSED_ELEMENT_CALL ? "guessed_call" : f.kind().name().toLowerCase());
    return m;
  }
}
