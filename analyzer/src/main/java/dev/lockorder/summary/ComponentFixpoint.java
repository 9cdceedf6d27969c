package dev.lockorder.summary;

import dev.lockorder.ir.MethodRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A recursive component of the call graph iterated to its fixpoint with a worklist: a method is
 * analyzed again only when the summary of a method it calls changed, and callees go first. Rounds
 * over the whole component in name order carry a fact up one method per round where the calls run
 * against the names (a release six helpers down needs six rounds), and what a method reports then
 * changes when another is renamed.
 *
 * <p>Summaries are not monotone (a release that arrives takes a held lock away), so the iteration
 * is bounded: each method is analyzed at most {@code perMethod} times.
 */
final class ComponentFixpoint {
  private ComponentFixpoint() {}

  /**
   * Iterates {@code scc} until no summary changes or the methods whose callees changed reached their bound.
   *
   * @param calleesOf the calls of a method, in any order (only those inside {@code scc} count)
   * @param callersOf the callers of a method, in any order
   * @param step analyzes a method, stores its summary and says whether it changed
   * @return whether it settled: false when a method was due again after its last analysis
   */
  static boolean iterate(List<MethodRef> scc, Function<MethodRef, ? extends Iterable<MethodRef>> calleesOf,
      Function<MethodRef, ? extends Iterable<MethodRef>> callersOf, Predicate<MethodRef> step, int perMethod) {
    Map<MethodRef, Integer> rank = calleesFirst(scc, calleesOf);
    List<MethodRef> byRank = new ArrayList<>(scc);
    byRank.sort(Comparator.comparing(rank::get));
    TreeSet<Integer> work = new TreeSet<>();
    for (int i = 0; i < byRank.size(); i++) {
      work.add(i);
    }
    int[] runs = new int[byRank.size()];
    boolean settled = true;
    while (!work.isEmpty()) {
      int i = work.pollFirst();
      runs[i]++;
      if (step.test(byRank.get(i))) {
        for (MethodRef c : callersOf.apply(byRank.get(i))) {
          Integer r = rank.get(c);
          if (r != null && runs[r] < perMethod) {
            work.add(r);
          } else if (r != null) {
            settled = false;
          }
        }
      }
    }
    return settled;
  }

  /**
   * A depth-first post-order over the component's own calls, from its members in name order, so
   * that a method comes after the methods it calls wherever the recursion allows.
   */
  private static Map<MethodRef, Integer> calleesFirst(List<MethodRef> scc,
      Function<MethodRef, ? extends Iterable<MethodRef>> calleesOf) {
    Set<MethodRef> members = new HashSet<>(scc);
    List<MethodRef> sorted = new ArrayList<>(scc);
    sorted.sort(null);
    Map<MethodRef, Integer> rank = new HashMap<>();
    Set<MethodRef> seen = new HashSet<>();
    for (MethodRef root : sorted) {
      if (!seen.add(root)) {
        continue;
      }
      // An explicit stack: components reach thousands of methods.
      ArrayDeque<Iterator<MethodRef>> stack = new ArrayDeque<>();
      ArrayDeque<MethodRef> path = new ArrayDeque<>();
      stack.push(inNameOrder(calleesOf.apply(root), members));
      path.push(root);
      while (!stack.isEmpty()) {
        var it = stack.peek();
        if (it.hasNext()) {
          MethodRef c = it.next();
          if (seen.add(c)) {
            stack.push(inNameOrder(calleesOf.apply(c), members));
            path.push(c);
          }
        } else {
          stack.pop();
          rank.put(path.pop(), rank.size());
        }
      }
    }
    return rank;
  }

  private static Iterator<MethodRef> inNameOrder(Iterable<MethodRef> ms, Set<MethodRef> members) {
    TreeSet<MethodRef> in = new TreeSet<>();
    for (MethodRef m : ms) {
      if (members.contains(m)) {
        in.add(m);
      }
    }
    return in.iterator();
  }
}
