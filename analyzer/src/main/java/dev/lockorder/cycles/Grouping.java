package dev.lockorder.cycles;

import dev.lockorder.graph.LockClass;
import dev.lockorder.rules.Rules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Groups findings by root cause and ranks the groups, most worth a reader's time first.
 *
 * <p>A root cause of lock-order cycles is an edge: acquiring B while holding A. A graph with one
 * wrong edge holds many cycles through it (every way back from B to A), and reversing that one
 * order removes them all. So cycles are covered greedily by edges: the edge (lock-class pair,
 * modes aside) that most still-ungrouped cycles run through becomes a group with all of them,
 * until none is left; ties go to the least pair, so the grouping is deterministic. A single-lock
 * finding (an upgrade, a non-reentrant re-acquisition) is its own group, as is a cycle of two
 * objects of one lock class. Cycles of class initializations alone are grouped by the class they
 * share.
 *
 * <p>Rank, of findings in a group and of groups by their lead: high confidence first, deadlocks
 * before bounded stalls, then shorter chains, then the rule and the chain's text.
 */
public final class Grouping {
  private Grouping() {}

  /** The order in which findings deserve attention. */
  public static final Comparator<Finding> RANK = Comparator
      .comparing(Finding::confidence)
      .thenComparing(Finding::bounded)
      .thenComparingInt(f -> f.chain().size())
      .thenComparingInt(f -> Rules.ALL.indexOf(f.rule()))
      .thenComparing(Finding::chainText)
      .thenComparing(Finding::fingerprint);

  public static List<FindingGroup> group(List<Finding> findings) {
    List<FindingGroup> out = new ArrayList<>();
    List<Finding> cycles = new ArrayList<>();
    List<Finding> inits = new ArrayList<>();
    for (Finding f : findings) {
      if (f.chain().size() > 1 && f.chain().stream().allMatch(c -> c.kind() == LockClass.Kind.INIT)) {
        inits.add(f);
      } else if (f.chain().size() > 1 && !f.twoObjectsOfOneClass()) {
        // Two objects of one lock class (L --> L) have no edge to reverse: the fix is an order
        // between the objects, so each is its own group (below).
        cycles.add(f);
      } else {
        out.add(new FindingGroup(f, List.of(), null, null));
      }
    }
    // pair key -> the lock classes it joins
    Map<String, LockClass[]> pairs = new TreeMap<>();
    out.addAll(cover(cycles, f -> f.edges().stream().map(e -> {
      String k = e.from().key() + "\u0000" + e.to().key();
      pairs.putIfAbsent(k, new LockClass[] {e.from(), e.to()});
      return k;
    }).toList(), (k, members) -> new FindingGroup(members.get(0), members.subList(1, members.size()),
        pairs.get(k)[0], pairs.get(k)[1])));
    // Cycles made only of class initializations have a class as their root cause, not an edge: one
    // initializer that touches several others (a base making each of its subclasses) is one fix.
    out.addAll(cover(inits, f -> f.chain().stream().map(LockClass::key).toList(),
        (k, members) -> new FindingGroup(members.get(0), members.subList(1, members.size()), null, null)));
    out.sort(Comparator.comparing(FindingGroup::lead, RANK));
    return out;
  }

  /**
   * Covers {@code cycles} greedily by their keys (edges, or lock classes): the key that most
   * still-ungrouped cycles have becomes a group of all of them, ranked, until none is left; ties go
   * to the least key.
   */
  private static List<FindingGroup> cover(List<Finding> cycles, Function<Finding, List<String>> keysOf,
      BiFunction<String, List<Finding>, FindingGroup> group) {
    Map<String, List<Integer>> through = new TreeMap<>();
    for (int i = 0; i < cycles.size(); i++) {
      for (String k : keysOf.apply(cycles.get(i))) {
        List<Integer> list = through.computeIfAbsent(k, x -> new ArrayList<>());
        if (list.isEmpty() || list.get(list.size() - 1) != i) {
          list.add(i);
        }
      }
    }
    List<FindingGroup> out = new ArrayList<>();
    boolean[] grouped = new boolean[cycles.size()];
    int left = cycles.size();
    while (left > 0) {
      String best = null;
      int bestCount = 0;
      for (Map.Entry<String, List<Integer>> en : through.entrySet()) {
        int c = 0;
        for (int i : en.getValue()) {
          if (!grouped[i]) {
            c++;
          }
        }
        if (c > bestCount) {
          best = en.getKey();
          bestCount = c;
        }
      }
      List<Finding> members = new ArrayList<>();
      for (int i : through.remove(best)) {
        if (!grouped[i]) {
          grouped[i] = true;
          members.add(cycles.get(i));
        }
      }
      left -= members.size();
      members.sort(RANK);
      out.add(group.apply(best, members));
    }
    return out;
  }
}
