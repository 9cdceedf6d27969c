package dev.lockorder.report;

import static dev.lockorder.report.Stacks.at;
import static dev.lockorder.report.Stacks.heldAt;
import static dev.lockorder.report.Stacks.lock;
import static dev.lockorder.report.Stacks.mode;
import static dev.lockorder.report.Stacks.seenFrom;
import static dev.lockorder.report.Stacks.stack;

import dev.lockorder.cycles.Finding;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.HeldLock;
import dev.lockorder.graph.Witness;
import dev.lockorder.graph.LockClass;

/**
 * One finding as lockdep prints one: the acquisition that closes the cycle, the dependency chain
 * in reverse order with a witness stack per edge and where its held lock was taken, the "Chain
 * exists of" line, the unsafe scenario and the locks held. Stacks print innermost frame first, as
 * lockdep and Java do.
 */
final class LockdepBlock {
  static final String RULE = "======================================================";
  private static final String DASH = "------------------------------------------------------";

  private LockdepBlock() {}

  static void render(StringBuilder sb, Finding f, String position) {
    if (f.chain().size() == 1) {
      single(sb, f, position);
    } else {
      cycle(sb, f, position);
    }
  }

  private static String entry(Edge e) {
    return e.witness().first().shortMethod();
  }

  private static void header(StringBuilder sb, Finding f, String what, String position) {
    sb.append(RULE).append('\n');
    sb.append("WARNING: ").append(what).append(" [").append(f.rule().id()).append(", ")
        .append(f.confidence().name().toLowerCase()).append(" confidence]").append(position).append('\n');
    sb.append(DASH).append('\n');
  }

  private static void cycle(StringBuilder sb, Finding f, String position) {
    int n = f.chain().size();
    Edge closing = f.edges().get(n - 1); // chain[n-1] -> chain[0]
    header(sb, f, f.bounded() ? "possible lock-order stall (bounded: one wait has a timeout) detected"
        : "possible circular locking dependency detected", position);
    HeldLock top = closing.held().get(closing.held().size() - 1);
    sb.append(entry(closing)).append(" is trying to acquire lock:\n");
    sb.append("  ").append(lock(closing.to(), closing.toMode())).append(", at: ")
        .append(seenFrom(closing.witness(), top.acquiredAt())).append('\n');
    sb.append('\n').append("but task is already holding lock:\n");
    sb.append("  ").append(lock(top.lock(), top.mode())).append(", taken at: ")
        .append(heldAt(top, closing.witness())).append('\n');
    sb.append('\n').append("which lock already depends on the new lock.\n\n");
    sb.append("the existing dependency chain (in reverse order) is:\n\n");
    // #k is the acquisition of chain[k] made while chain[k-1] was held; #0 is the new one.
    for (int k = n - 1; k >= 0; k--) {
      Edge e = k == 0 ? closing : f.edges().get(k - 1);
      if (k == 0 && f.argumentOrder()) {
        // One method taking two of its arguments in the order given: the other side is the same code.
        sb.append("-> #0 (").append(e.to().displayWithLabel()).append("):\n")
            .append("       the same code on another thread, with the two objects the other way round\n\n");
        continue;
      }
      String md = mode(e.to(), e.toMode());
      sb.append("-> #").append(k).append(" (").append(e.to().displayWithLabel()).append(")")
          .append(md.isEmpty() ? "" : "{" + md + "}").append(":\n");
      stack(sb, e.witness());
      object(sb, e.witness(), "the object: ");
      HeldLock from = e.held().get(e.held().size() - 1);
      sb.append("       while holding ").append(from.lock().display()).append(", taken at: ")
          .append(heldAt(from, e.witness())).append('\n');
      object(sb, from.acquiredAt(), "the held object: ");
      if (e.witnesses() > 1) {
        sb.append("       (the shortest of ").append(e.witnesses()).append(" paths to this acquisition)\n");
      }
      sb.append('\n');
    }
    sb.append("other info that might help us debug this:\n\n");
    sb.append("Chain exists of:\n  ").append(f.chainText()).append("\n\n");
    scenario(sb, f);
    sb.append(closing.held().size()).append(closing.held().size() == 1 ? " lock" : " locks").append(" held by ")
        .append(entry(closing)).append(":\n");
    int i = 0;
    for (HeldLock h : closing.held()) {
      sb.append(" #").append(i++).append(": ").append(lock(h.lock(), h.mode())).append(", taken at: ")
          .append(heldAt(h, closing.witness())).append('\n');
    }
    confidence(sb, f);
  }

  /** Lockdep's table: two CPUs for a pair, the three-lock form for longer chains. */
  private static void scenario(StringBuilder sb, Finding f) {
    int n = f.chain().size();
    LockClass parent = f.chain().get(1);
    String source = f.chain().get(n - 1).display();
    // Two objects of one lock class: the second is lockdep's subclass 1 (mutex_lock_nested).
    String target = f.chain().get(0).display() + (f.twoObjectsOfOneClass() ? "/1" : "");
    sb.append(" Possible unsafe locking scenario:\n\n");
    sb.append(String.format("       %-24s%s%n", "CPU0", "CPU1"));
    sb.append(String.format("       %-24s%s%n", "----", "----"));
    sb.append("  lock(").append(source).append(");\n");
    if (n == 2) {
      sb.append(pad("lock(" + target + ");"));
      sb.append(pad("lock(" + source + ");"));
    } else {
      sb.append(pad("lock(" + parent.display() + ");"));
      sb.append(pad("lock(" + source + ");"));
    }
    sb.append("  lock(").append(target).append(");\n\n");
    sb.append(f.bounded() ? " *** STALL, until the timed wait gives up ***\n\n" : " *** DEADLOCK ***\n\n");
  }

  private static String pad(String s) {
    return "                               " + s + "\n";
  }

  private static void single(StringBuilder sb, Finding f, String position) {
    Edge e = f.edges().get(0);
    header(sb, f, "possible recursive locking detected", position);
    sb.append(entry(e)).append(" is trying to acquire lock:\n");
    sb.append("  ").append(lock(e.to(), e.toMode())).append(", at: ").append(at(e.witness().last())).append("\n\n");
    sb.append("but task is already holding lock:\n");
    HeldLock held = e.held().stream().filter(h -> h.lock().equals(e.to())).findFirst()
        .orElse(e.held().get(e.held().size() - 1));
    sb.append("  ").append(lock(held.lock(), held.mode())).append(", taken at: ").append(heldAt(held, e.witness()))
        .append("\n\n");
    sb.append(f.rule().info().summary()).append(".\n\n");
    sb.append(" Possible unsafe locking scenario:\n\n");
    sb.append("       CPU0\n       ----\n");
    sb.append("  lock(").append(held.lock().display()).append(");\n");
    sb.append("  lock(").append(e.to().display()).append(");\n\n");
    sb.append(f.bounded() ? " *** STALL, until the timed wait gives up ***\n\n" : " *** DEADLOCK ***\n\n");
    sb.append("stack of the second acquisition:\n");
    stack(sb, e.witness());
    confidence(sb, f);
  }

  /** Which object a lock class named by a class stood for on this stack, and where it was reached. */
  private static void object(StringBuilder sb, Witness w, String what) {
    if (w.object() != null) {
      sb.append("       ").append(what).append(w.object()).append(", in ").append(w.first().shortMethod()).append('\n');
    }
  }

  private static void confidence(StringBuilder sb, Finding f) {
    sb.append('\n').append(f.confidence().name().toLowerCase()).append(" confidence:\n");
    for (String r : f.confidenceReasons()) {
      sb.append("  - ").append(r).append('\n');
    }
  }
}
