package dev.lockorder.cycles;

import dev.lockorder.graph.LockClass;
import java.util.ArrayList;
import java.util.List;

/**
 * Findings with one root cause, reported as one: cycles that all run through the same edge (the
 * same lock class acquired while the same other one is held). Reversing that one acquisition order
 * breaks every cycle of the group, so a reader judges the lead and counts the rest.
 *
 * @param lead the finding shown in full: the most certain, then the shortest
 * @param variants the others, in rank order
 * @param sharedFrom the held lock class of the edge every member runs through; null for a
 *     single-lock finding
 * @param sharedTo the acquired lock class of that edge; null for a single-lock finding
 */
public record FindingGroup(Finding lead, List<Finding> variants, LockClass sharedFrom, LockClass sharedTo) {

  public FindingGroup {
    variants = List.copyOf(variants);
  }

  /** The lead, then the variants. */
  public List<Finding> members() {
    List<Finding> all = new ArrayList<>(variants.size() + 1);
    all.add(lead);
    all.addAll(variants);
    return all;
  }

  /** {@code A --> B}, the edge the members share, or empty for a single-lock finding. */
  public String sharedEdgeText() {
    return sharedFrom == null ? "" : sharedFrom.display() + " --> " + sharedTo.display();
  }
}
