package dev.lockorder.bytecode;

import dev.lockorder.ir.Val;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values that met at each join of one method, by join: a slot of the frame of one instruction
 * ({@link Val.Unknown#join}). ASM merges a frame slot by slot, locals first; {@link JoinFrame} says
 * which frame is merged into, and {@link #next} counts the slots. A join keeps at most 64 values;
 * past that, the type flow falls back to every value merged in the method.
 */
final class Joins {
  private static final int MAX = 64;

  private final Map<Integer, Set<Val>> at = new TreeMap<>();
  private int frames;
  private long slotBase = -1;
  private int slot;

  /** An id for a frame that others are merged into. */
  int frame() {
    return frames++;
  }

  /** Frame {@code frame} of {@code width} slots is about to have another merged into it. */
  void begin(int frame, int width) {
    long base = (long) frame * width;
    slotBase = base + width > Integer.MAX_VALUE ? -1 : base;
    slot = 0;
  }

  /** The join of the slot merged now; -1 when ids would not fit an int. */
  int next() {
    return slotBase < 0 ? -1 : (int) (slotBase + slot++);
  }

  /** Keeps {@code v} as one of the values of {@code join}, unless it is {@code self}, null or a primitive. */
  void keep(int join, Val v, Val self) {
    if (v.type().length() <= 1 || v.equals(self) || Val.isNull(v) || v instanceof Val.Unknown u && u.join() == join
        || at.containsKey(join) && at.get(join) == null) {
      return;
    }
    Set<Val> pool = at.computeIfAbsent(join, k -> new LinkedHashSet<>());
    if (pool.add(v) && pool.size() > MAX) {
      at.put(join, null);
    }
  }

  /**
   * By join, the values that met there, with the values of the joins among them in their place;
   * joins with too many, or reaching one with too many, are left out.
   */
  Map<Integer, List<Val>> values() {
    Map<Integer, List<Val>> out = new TreeMap<>();
    for (Integer k : at.keySet()) {
      Set<Val> flat = new LinkedHashSet<>();
      if (flatten(k, flat, new HashSet<>())) {
        out.put(k, List.copyOf(flat));
      }
    }
    return out.isEmpty() ? Map.of() : Map.copyOf(out);
  }

  private boolean flatten(int join, Set<Val> into, Set<Integer> seen) {
    if (!seen.add(join)) {
      return true;
    }
    Set<Val> pool = at.get(join);
    if (pool == null) {
      return !at.containsKey(join); // never joined: nothing; too many: unknown
    }
    for (Val v : pool) {
      if (v instanceof Val.Unknown u && u.join() >= 0) {
        if (!flatten(u.join(), into, seen)) {
          return false;
        }
      } else if (into.add(v) && into.size() > MAX) {
        return false;
      }
    }
    return true;
  }
}
