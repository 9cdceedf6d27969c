package dev.lockorder.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockorder.ir.MethodRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The worklist that settles a recursive component's summaries. */
class ComponentFixpointTest {
  private static MethodRef m(String name) {
    return MethodRef.of("C", name, "()V");
  }

  /** {@code a -> b -> c -> d -> a}: each summary is what its callee's was, plus one. */
  private final List<MethodRef> ring = List.of(m("a"), m("b"), m("c"), m("d"));
  private final Map<MethodRef, Set<MethodRef>> callees = Map.of(m("a"), Set.of(m("b")), m("b"), Set.of(m("c")),
      m("c"), Set.of(m("d")), m("d"), Set.of(m("a")));
  private final Map<MethodRef, Set<MethodRef>> callers = Map.of(m("a"), Set.of(m("d")), m("b"), Set.of(m("a")),
      m("c"), Set.of(m("b")), m("d"), Set.of(m("c")));

  @Test
  void calleesGoFirstSoAChainSettlesInOnePass() {
    List<MethodRef> order = new ArrayList<>();
    Map<MethodRef, Integer> value = new HashMap<>();
    // d's value is fixed (it is where the release is); the others copy their callee's.
    boolean settled = ComponentFixpoint.iterate(ring, callees::get, callers::get, x -> {
      order.add(x);
      int v = x.equals(m("d")) ? 1 : value.getOrDefault(callees.get(x).iterator().next(), 0);
      return !Integer.valueOf(v).equals(value.put(x, v));
    }, 8);
    assertEquals(true, settled);
    assertEquals(List.of(m("d"), m("c"), m("b"), m("a"), m("d")), order);
    assertEquals(Map.of(m("a"), 1, m("b"), 1, m("c"), 1, m("d"), 1), value);
  }

  @Test
  void aComponentThatNeverSettlesStopsAtTheBound() {
    Map<MethodRef, Integer> runs = new HashMap<>();
    boolean settled = ComponentFixpoint.iterate(ring, callees::get, callers::get, x -> {
      runs.merge(x, 1, Integer::sum);
      return true; // grows for ever
    }, 3);
    assertEquals(false, settled);
    assertEquals(Map.of(m("a"), 3, m("b"), 3, m("c"), 3, m("d"), 3), runs);
  }
}
