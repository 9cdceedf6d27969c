package dev.lockorder.report;

import dev.lockorder.graph.Frame;
import dev.lockorder.graph.HeldLock;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.graph.Witness;
import java.util.List;

/** How the text report writes locks, frames and stacks. */
final class Stacks {
  private Stacks() {}

  static String mode(LockClass c, Mode m) {
    if (c.kind() == LockClass.Kind.READ_WRITE_LOCK || c.kind() == LockClass.Kind.STAMPED_LOCK) {
      return m == Mode.SHARED ? "read" : "write";
    }
    return "";
  }

  static String lock(LockClass c, Mode m) {
    String md = mode(c, m);
    return c.displayWithLabel() + (md.isEmpty() ? "" : " (" + md + ")");
  }

  /** {@code Foo.bar(Foo.java:12)}, as in stack traces. */
  static String at(Frame f) {
    return f.shortMethod() + "(" + f.location() + ")";
  }

  /**
   * Where a held lock was taken, seen from the stack that now acquires another: the line, in the
   * deepest method both stacks share, that led to the acquisition (the caller's line, not a lock
   * wrapper's), and the acquisition itself when it lies deeper.
   */
  static String heldAt(HeldLock h, Witness now) {
    return seenFrom(h.acquiredAt(), now);
  }

  /** Where {@code w} acquires, from the line where it leaves the path of {@code other}. */
  static String seenFrom(Witness w, Witness other) {
    Frame from = leavesAt(w, other);
    String out = at(from);
    return from == w.last() ? out : out + " via " + at(w.last());
  }

  /**
   * The frame of {@code w} where it leaves the path of {@code other}: the caller's line in the
   * deepest method both share, or the acquisition itself when the paths part there.
   */
  static Frame leavesAt(Witness w, Witness other) {
    List<Frame> a = w.frames();
    List<Frame> o = other.frames();
    int i = 0;
    while (i < a.size() - 1 && i < o.size() && a.get(i).equals(o.get(i))) {
      i++;
    }
    return a.get(i);
  }

  /** The edge's acquisition seen from where its held lock was taken: what a reviewer should look at. */
  static Frame site(dev.lockorder.graph.Edge e) {
    return leavesAt(e.witness(), e.held().get(e.held().size() - 1).acquiredAt());
  }

  /** The stack, innermost frame first, with a mark where frames were cut. */
  static void stack(StringBuilder sb, Witness w) {
    List<Frame> fs = w.frames();
    for (int i = fs.size() - 1; i >= 0; i--) {
      Frame f = fs.get(i);
      String what = switch (f.kind()) {
        case ACQUIRE -> "  [acquire]";
        case WAIT -> "  [wait]";
        case SUBMIT -> "  [queue work, which runs the frames above]";
        case GUESSED_CALL -> "  [where the class hierarchy sends this call; nothing seen ties it to this method:"
            + " no object was seen reaching the receiver]";
        case GUESSED_ELEMENT_CALL -> "  [one of several methods this call may reach; nothing seen ties it to this one:"
            + " the receiver is a container's element]";
        case RUN_BY_JDK -> "  [the JDK method called here runs the function it is given, the frame above]";
        default -> "";
      };
      sb.append("       ").append(at(f)).append(what).append('\n');
      if (w.omitted() > 0 && i == w.omittedAt()) {
        sb.append("       ... ").append(w.omitted()).append(" frames omitted here (--max-witness-depth)\n");
      }
    }
  }
}
