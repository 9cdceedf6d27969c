package dev.lockorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The limits a run hit, each said once with where it was hit first, how often, and the option that
 * raises it: a limit that cuts the analysis is never silent, and never vague. Thread-confined.
 */
public final class Limits {
  private final Map<String, Hit> hits = new TreeMap<>();

  private static final class Hit {
    final String what;
    final String option;
    final String first;
    final java.util.Set<String> places = new java.util.HashSet<>();

    Hit(String what, String option, String first) {
      this.what = what;
      this.option = option;
      this.first = first;
    }
  }

  /**
   * Records one hit.
   *
   * @param limit the limit and its value, e.g. {@code maxSummary=96}
   * @param what what it did, e.g. "summary entries dropped"
   * @param option the option that raises it, or null when it is fixed
   * @param where the method or place it was hit
   */
  public void hit(String limit, String what, String option, String where) {
    hits.computeIfAbsent(limit, k -> new Hit(what, option, where)).places.add(where);
  }

  public boolean isEmpty() {
    return hits.isEmpty();
  }

  /** One line per limit: {@code maxSummary=96: summary entries dropped in 3 methods (first: ...); raise with ...}. */
  public List<String> messages() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Hit> e : hits.entrySet()) {
      Hit h = e.getValue();
      int n = h.places.size();
      out.add(e.getKey() + ": " + h.what + (n > 1 ? " in " + n + " places (first: " : " (in ") + h.first
          + ")" + (h.option == null ? "; a fixed budget" : "; raise with " + h.option));
    }
    return out;
  }
}
