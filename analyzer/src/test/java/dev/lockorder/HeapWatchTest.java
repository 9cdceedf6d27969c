package dev.lockorder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When a run counts as stuck collecting garbage, and what it then says (the run itself: robust/OutOfMemoryTest). */
class HeapWatchTest {
  @Test
  void thrashing_needsAFullWindowOfCollectingWithAFullHeap() {
    java.util.ArrayDeque<long[]> busy = new java.util.ArrayDeque<>(List.of(
        new long[] {0, 1_000}, new long[] {HeapWatch.WINDOW_MILLIS, 1_000 + HeapWatch.WINDOW_MILLIS * 99 / 100}));
    assertTrue(HeapWatch.thrashing(busy, 0.99));
    assertFalse(HeapWatch.thrashing(busy, 0.5), "a heap that empties after collections is only busy");
    java.util.ArrayDeque<long[]> calm = new java.util.ArrayDeque<>(List.of(
        new long[] {0, 1_000}, new long[] {HeapWatch.WINDOW_MILLIS, 1_000 + HeapWatch.WINDOW_MILLIS / 2}));
    assertFalse(HeapWatch.thrashing(calm, 0.99), "half the time collecting is slow, not stuck");
    java.util.ArrayDeque<long[]> brief = new java.util.ArrayDeque<>(List.of(
        new long[] {0, 0}, new long[] {HeapWatch.WINDOW_MILLIS / 4, HeapWatch.WINDOW_MILLIS / 4}));
    assertFalse(HeapWatch.thrashing(brief, 0.99), "a moment of collecting is not a thrash");
  }

  @Test
  void advice_namesTheWayToRaiseTheHeap() {
    assertTrue(HeapWatch.advice(false).contains("java -Xmx"), HeapWatch.advice(false));
    assertTrue(HeapWatch.advice(true).contains("MAVEN_OPTS=-Xmx"), HeapWatch.advice(true));
  }
}
