package dev.lockorder.cycles;

import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.graph.LockClass;
import dev.lockorder.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One reported problem.
 *
 * <p>For a {@code LockOrderCycle}, {@code chain} is the cycle starting at its least lock class,
 * and {@code edges.get(i)} goes from {@code chain.get(i)} to {@code chain.get((i + 1) % n)}. For
 * the single-lock rules the chain has one lock class and one edge, from the lock to itself.
 *
 * @param rule the rule raised
 * @param chain the lock classes involved, in cycle order
 * @param edges one witnessed edge per link of the chain
 * @param confidence HIGH when every lock is named by where it lives and every call on the path goes
 *     where objects were seen going; MEDIUM when the path needs a call the class hierarchy allows but
 *     no object was seen to make, or the cycle waits for a class's initialization (it can close only
 *     at that class's first use) or for a map's bin (only when two keys share one); LOW when an edge
 *     only waits with a timeout, waits for a signal (a wait ends on any signal, or is not entered
 *     when its condition holds: 2 of 25 such triaged leads were real) or a lock's identity is
 *     only its type
 * @param fingerprint stable across line moves and unrelated changes: a hash of the rule id, the lock
 *     class keys and the methods at the acquisitions
 */
public record Finding(Rule rule, List<LockClass> chain, List<Edge> edges, Confidence confidence, String fingerprint) {

  /**
   * How sure the analyzer is that the finding can happen. On the hand-triaged corpus
   * (docs/precision.md) the share of real deadlocks falls from HIGH to MEDIUM to LOW.
   */
  public enum Confidence {
    HIGH, MEDIUM, LOW;

    /** Whether this is {@code min} or surer: what a build that fails on {@code min} fails on. */
    public boolean atLeast(Confidence min) {
      return ordinal() <= min.ordinal();
    }

    /** {@code high}, {@code medium} or {@code low} in any case; null for anything else. */
    public static Confidence named(String name) {
      for (Confidence c : values()) {
        if (c.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
          return c;
        }
      }
      return null;
    }
  }

  public Finding {
    chain = List.copyOf(chain);
    edges = List.copyOf(edges);
  }

  /**
   * Whether one of the cycle's waits has a timeout (a timed {@code tryLock}, {@code await}, {@code
   * join}, {@code get}): the threads stall until it expires, then one gives up. A bounded stall,
   * not a deadlock, and reported as one.
   */
  public boolean bounded() {
    return edges.stream().anyMatch(Edge::timed);
  }

  /**
   * Why the finding has its confidence, one reason a line: for a low one, each timed wait,
   * each wait for a signal and each lock known only by its type; for a high one, what makes it solid.
   */
  public List<String> confidenceReasons() {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < edges.size(); k++) {
      Edge e = edges.get(k);
      if (e.timed()) {
        out.add("the wait for " + e.to().display() + " has a timeout: the threads stall until it gives up, then"
            + " one fails");
      }
    }
    for (Edge e : edges) {
      List<dev.lockorder.graph.Frame> path = pathFrames(e);
      int g = firstGuess(path);
      if (g >= 0) {
        out.add("the path to " + e.to().display() + " goes through " + path.get(g).shortMethod() + "("
            + path.get(g).location() + ") --> " + path.get(g + 1).shortMethod()
            + (path.get(g).kind() == dev.lockorder.graph.Frame.Kind.GUESSED_ELEMENT_CALL
                ? ", a call that may reach several methods where nothing seen ties it to this one (its receiver"
                    + " is an element of a container, whose contents are one set for every container its field"
                    + " holds)"
                : ", a call the class hierarchy sent there with nothing seen tying it to this method (no object"
                    + " was seen reaching its receiver, which came from the library's users, from reflection or"
                    + " from a value the analysis lost: other classes, in the inputs or outside them, may be the"
                    + " receiver)"));
      }
    }
    for (Edge e : edges) {
      if (deep(e) && firstGuess(pathFrames(e)) < 0) {
        out.add("the shortest path to " + e.to().display() + " runs through " + calls(e)
            + " calls after " + e.from().display() + " is taken: a path that long often needs a branch or a receiver"
            + " that no caller's values allow, so it is not counted as solid");
      }
    }
    for (LockClass c : chain) {
      if (c.label().startsWith("unknown identity")) {
        out.add(c.display() + " is known only by its type (" + c.label().substring(c.label().indexOf(':') + 1)
            .strip() + "): two objects of that type may be different locks");
      }
    }
    boolean onlyInit = onlyInit(chain);
    for (LockClass c : chain) {
      if (c.kind() == LockClass.Kind.INIT && !onlyInit) {
        out.add(c.display() + " is a class's initialization: the cycle can close only while that class is first being"
            + " initialized, when two threads first use it at the same time, and never after that");
      } else if (c.kind() == LockClass.Kind.BIN) {
        out.add(c.display() + " stands for every bin of one ConcurrentHashMap, and the key picks the bin: the cycle"
            + " closes only when both threads' keys fall into one bin (the same key, or two that hash together)");
      }
    }
    for (Edge e : edges) {
      if (signalled(e)) {
        out.add(e.from().display() + " is waited for until another thread signals it (a notify, a condition, a latch,"
            + " a queue's put), and the cycle has the signalling thread take " + e.to().display() + " first; the wait"
            + " also ends on any other signal, and is never entered while its condition already holds, neither of"
            + " which the analysis reads: few such cycles are real (2 of the 25 triaged leads of the two corpora), so it is"
            + " reported at low confidence");
      }
    }
    if (argumentOrder()) {
      Frame in = edges.get(0).witness().frames().get(0);
      out.add(in.className().substring(in.className().lastIndexOf('.') + 1) + "." + in.method() + " takes two objects of "
          + chain.get(0).display() + " in the order its callers pass them: two threads passing the same two the other"
          + " way round deadlock; whether any callers do was not checked");
    }
    if (out.isEmpty() && onlyInit) {
      out.add("every lock is a class's initialization, one per class, and every call on the path goes where objects"
          + " were seen going: two threads that first use these classes at the same time wait for each other for"
          + " good (the window is their first use only)");
    } else if (out.isEmpty()) {
      out.add("every lock is named by where it lives (a field, a class literal, an allocation site or a concrete"
          + " class's monitor), every call on the path goes where objects were seen going, and every wait on the "
          + (chain.size() > 1 ? "cycle" : "path") + " is unbounded");
    }
    if (twoObjectsOfOneClass() && !argumentOrder()) {
      out.add("two objects of " + chain.get(0).display() + ": one thread holds one and takes the one in its field, the"
          + " other holds that one and takes the first back through the field that always points to its holder (a"
          + " parent and its child)");
    }
    return out;
  }

  /**
   * Whether a cycle mixes a class's initialization (a window at its first use only) with other
   * locks. A cycle of initializations alone is the JVM's class-initialization deadlock: its locks
   * are exact (one per class), and measured on the held-out set (session 35) 17 of 18 such leads
   * with a solid path were real (helpers reproduced four in a JVM); of the five that mix one with
   * other locks, four were false.
   */
  public static boolean atInit(List<LockClass> chain) {
    return chain.stream().anyMatch(c -> c.kind() == LockClass.Kind.INIT) && !onlyInit(chain);
  }

  /** Whether every lock of a cycle is a class's initialization. */
  private static boolean onlyInit(List<LockClass> chain) {
    return chain.stream().allMatch(c -> c.kind() == LockClass.Kind.INIT);
  }

  /**
   * Whether an edge is a signaller's: a completion that is no executor's ends when some thread
   * signals it, and this one takes a lock first (an executor's completion waits for its tasks,
   * each a work pseudo-lock). Measured on the held-out set (session 33): of the seven high leads
   * with one, one was real.
   */
  public static boolean signalled(Edge e) {
    return e.from().kind() == LockClass.Kind.COMPLETION && e.to().kind() != LockClass.Kind.WORK;
  }

  /** Whether a cycle waits for a map's bin, which closes only when the two threads' keys share one. */
  public static boolean atBin(List<LockClass> chain) {
    return chain.stream().anyMatch(c -> c.kind() == LockClass.Kind.BIN);
  }

  /**
   * Calls between taking an edge's held lock and its acquisition past which the path is not solid.
   * Chosen on the hand-triaged leads (docs/precision.md, session 12): of 35 high-confidence ones,
   * the 11 with a longer shortest path had 2 real deadlocks, the 24 others 11. Session 35 found
   * none real among the 11 high held-out leads at exactly four calls, but three would demote the
   * WireGuard kernel cycle, whose work item reaches the identity lock four calls down: kept.
   */
  static final int SOLID_PATH_CALLS = 4;

  /** Whether the shortest witness of {@code e} is longer than a solid path. */
  public static boolean deep(Edge e) {
    return calls(e) > SOLID_PATH_CALLS;
  }

  /**
   * Calls from taking the edge's held lock to the acquisition. A work pseudo-lock is held from the
   * task's hand-off on: the path that queued it is not counted.
   */
  static int calls(Edge e) {
    List<Frame> fs = e.witness().frames();
    int from = 0;
    for (int i = 0; i < fs.size(); i++) {
      from = fs.get(i).kind() == Frame.Kind.SUBMIT ? i : from;
    }
    return fs.size() - 1 - from;
  }

  /** Whether the cycle is over two objects of one lock class ({@code L --> L}): a parent and its child, or two arguments. */
  public boolean twoObjectsOfOneClass() {
    return chain.size() == 2 && chain.get(0).equals(chain.get(1));
  }

  /**
   * Whether this is one method taking two of its arguments of one lock class in their given order:
   * its other side is the same dependency, taken with the objects swapped.
   */
  public boolean argumentOrder() {
    return twoObjectsOfOneClass() && edges.get(0) == edges.get(1);
  }

  /** The index of the first guessed call on a path that has a frame after it; -1 when none. */
  private static int firstGuess(List<dev.lockorder.graph.Frame> path) {
    for (int i = 0; i < path.size() - 1; i++) {
      if (path.get(i).guessed()) {
        return i;
      }
    }
    return -1;
  }

  private static List<dev.lockorder.graph.Frame> pathFrames(Edge e) {
    List<dev.lockorder.graph.Frame> all = new ArrayList<>(e.held().get(e.held().size() - 1).acquiredAt().frames());
    all.addAll(e.witness().frames());
    return all;
  }

  /** {@code A --> B --> C}, as lockdep's "Chain exists of:" line. */
  public String chainText() {
    return chain.stream().map(LockClass::display).collect(Collectors.joining(" --> "));
  }
}
