package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Val;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which instance fields a class's objects are allocated into, for naming lock classes by where a
 * lock lives ({@link LockNamer}).
 */
final class Embeddings {
  /** Some objects of the class are allocated without being stored into a field on the spot. */
  static final String ELSEWHERE = "?";

  private final Map<String, Set<String>> fields = new HashMap<>();

  /** {@code allocated}: per class, the sites a constructor call runs on ({@link FirstPass#allocated}). */
  Embeddings(Program program, Collection<MethodFacts> methods, Map<String, Set<String>> allocated) {
    Map<String, Set<String>> embedded = new HashMap<>();
    for (MethodFacts mf : methods) {
      for (FieldStore st : mf.stores()) {
        if (st.value() instanceof Val.New nw && st.base() != null) {
          String decl = program.fieldDeclarer(st.owner(), st.name());
          fields.computeIfAbsent(nw.type(), k -> new TreeSet<>()).add(decl + "." + st.name());
          embedded.computeIfAbsent(nw.type(), k -> new HashSet<>()).add(nw.site());
        }
      }
    }
    // An object allocated somewhere without being stored into a field on the spot (returned,
    // passed on) may end up anywhere: its class has no single embedding, even if every store seen
    // goes to one field (h2's JdbcConnection is stored only in TcpServer.managementDb, but made
    // for every client too).
    for (Map.Entry<String, Set<String>> e : fields.entrySet()) {
      if (!embedded.getOrDefault(e.getKey(), Set.of()).containsAll(allocated.getOrDefault(e.getKey(), Set.of()))) {
        e.getValue().add(ELSEWHERE);
      }
    }
  }

  /** The fields ({@code declarer.name}) objects of {@code type} are allocated into, and {@link #ELSEWHERE}. */
  Set<String> of(String type) {
    return fields.getOrDefault(type, Set.of());
  }
}
