package dev.lockorder.cycles;

import dev.lockorder.graph.Edge;
import dev.lockorder.graph.LockClass;
import dev.lockorder.rules.Rules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * share ({@link #byInitializer}).
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
      // Two objects of one lock class (L --> L) have no edge to reverse: the fix is an order
      // between the objects, so each is its own group.
      if (f.chain().size() > 1 && f.chain().stream().allMatch(c -> c.kind() == LockClass.Kind.INIT)) {
        inits.add(f);
      } else if (f.chain().size() > 1 && !f.twoObjectsOfOneClass()) {
        cycles.add(f);
      } else {
        out.add(new FindingGroup(f, List.of(), null, null));
      }
    }
    // pair key -> the cycles through it, and the lock classes it joins
    Map<String, List<Integer>> through = new TreeMap<>();
    Map<String, LockClass[]> pairs = new TreeMap<>();
    for (int i = 0; i < cycles.size(); i++) {
      for (Edge e : cycles.get(i).edges()) {
        String k = e.from().key() + "\u0000" + e.to().key();
        List<Integer> list = through.computeIfAbsent(k, x -> new ArrayList<>());
        if (list.isEmpty() || list.get(list.size() - 1) != i) {
          list.add(i);
        }
        pairs.putIfAbsent(k, new LockClass[] {e.from(), e.to()});
      }
    }
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
      LockClass[] pair = pairs.get(best);
      out.add(new FindingGroup(members.get(0), members.subList(1, members.size()), pair[0], pair[1]));
    }
    out.addAll(byInitializer(inits));
    out.sort(Comparator.comparing(FindingGroup::lead, RANK));
    return out;
  }

  /**
   * Cycles made only of class initializations have a class as their root cause, not an edge: one
   * initializer that touches several others (a base making each of its subclasses) is one fix. So
   * they are covered greedily by lock class, as other cycles are by edge; ties go to the least key.
   */
  private static List<FindingGroup> byInitializer(List<Finding> inits) {
    Map<String, List<Integer>> through = new TreeMap<>();
    for (int i = 0; i < inits.size(); i++) {
      for (LockClass c : inits.get(i).chain()) {
        List<Integer> list = through.computeIfAbsent(c.key(), x -> new ArrayList<>());
        if (list.isEmpty() || list.get(list.size() - 1) != i) {
          list.add(i);
        }
      }
    }
    List<FindingGroup> out = new ArrayList<>();
    boolean[] grouped = new boolean[inits.size()];
    int left = inits.size();
    while (left > 0) {
      String best = null;
      int bestCount = 0;
      for (Map.Entry<String, List<Integer>> en : through.entrySet()) {
        int c = (int) en.getValue().stream().filter(i -> !grouped[i]).count();
        if (c > bestCount) {
          best = en.getKey();
          bestCount = c;
        }
      }
      List<Finding> members = new ArrayList<>();
      for (int i : through.remove(best)) {
        if (!grouped[i]) {
          grouped[i] = true;
          members.add(inits.get(i));
        }
      }
      left -= members.size();
      members.sort(RANK);
      out.add(new FindingGroup(members.get(0), members.subList(1, members.size()), null, null));
    }
    return out;
  }
}
