package dev.lockorder.report;

import dev.lockorder.AnalysisResult;
import dev.lockorder.cycles.Finding;
import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.graph.HeldLock;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.graph.Witness;
import java.util.List;

/**
 * The lockdep-style text report: for each cycle, the acquisition that closes it, the dependency
 * chain in reverse order with one witness stack per edge, the "Chain exists of" line, the unsafe
 * scenario and the locks held. Stacks print innermost frame first, as lockdep and Java do.
 */
public final class TextReport {
  private static final String RULE = "======================================================";
  private static final String DASH = "------------------------------------------------------";

  private TextReport() {}

  public static String render(AnalysisResult result) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : result.findings()) {
      if (f.chain().size() == 1) {
        single(sb, f);
      } else {
        cycle(sb, f);
      }
      sb.append('\n');
    }
    summary(sb, result);
    return sb.toString();
  }

  private static String mode(LockClass c, Mode m) {
    if (c.kind() == LockClass.Kind.READ_WRITE_LOCK || c.kind() == LockClass.Kind.STAMPED_LOCK) {
      return m == Mode.SHARED ? "read" : "write";
    }
    return "";
  }

  private static String lock(LockClass c, Mode m) {
    String md = mode(c, m);
    return c.displayWithLabel() + (md.isEmpty() ? "" : " (" + md + ")");
  }

  private static String at(Frame f) {
    return f.shortMethod() + "(" + f.location() + ")";
  }

  private static String entry(Witness w) {
    return w.first().shortMethod();
  }

  private static void stack(StringBuilder sb, Witness w) {
    List<Frame> fs = w.frames();
    for (int i = fs.size() - 1; i >= 0; i--) {
      Frame f = fs.get(i);
      String what = switch (f.kind()) {
        case ACQUIRE -> "  [acquire]";
        case WAIT -> "  [wait]";
        case SUBMIT -> "  [queue work, which runs the frames above]";
        default -> "";
      };
      sb.append("       ").append(f.shortMethod()).append('(').append(f.location()).append(')').append(what)
          .append('\n');
    }
  }

  private static void cycle(StringBuilder sb, Finding f) {
    int n = f.chain().size();
    Edge closing = f.edges().get(n - 1); // chain[n-1] -> chain[0]
    sb.append(RULE).append('\n');
    sb.append(f.bounded() ? "WARNING: possible lock-order stall (bounded: one wait has a timeout) detected ["
        : "WARNING: possible circular locking dependency detected [").append(f.rule().id()).append(", ")
        .append(f.confidence().name().toLowerCase()).append(" confidence]\n");
    sb.append(DASH).append('\n');
    sb.append(entry(closing.witness())).append(" is trying to acquire lock:\n");
    sb.append("  ").append(lock(closing.to(), closing.toMode())).append(", at: ")
        .append(at(closing.witness().last())).append('\n');
    sb.append('\n').append("but task is already holding lock:\n");
    HeldLock top = closing.held().get(closing.held().size() - 1);
    sb.append("  ").append(lock(top.lock(), top.mode())).append(", at: ").append(at(top.acquiredAt().last()))
        .append('\n');
    sb.append('\n').append("which lock already depends on the new lock.\n\n");
    sb.append("the existing dependency chain (in reverse order) is:\n\n");
    // #k is the acquisition of chain[k] made while chain[k-1] was held; #0 is the new one.
    for (int k = n - 1; k >= 0; k--) {
      Edge e = k == 0 ? closing : f.edges().get(k - 1);
      String md = mode(e.to(), e.toMode());
      sb.append("-> #").append(k).append(" (").append(e.to().displayWithLabel()).append(")")
          .append(md.isEmpty() ? "" : "{" + md + "}").append(":\n");
      stack(sb, e.witness());
      sb.append('\n');
    }
    sb.append("other info that might help us debug this:\n\n");
    sb.append("Chain exists of:\n  ").append(f.chainText()).append("\n\n");
    scenario(sb, f);
    sb.append(closing.held().size()).append(closing.held().size() == 1 ? " lock" : " locks").append(" held by ")
        .append(entry(closing.witness())).append(":\n");
    int i = 0;
    for (HeldLock h : closing.held()) {
      sb.append(" #").append(i++).append(": ").append(lock(h.lock(), h.mode())).append(", at: ")
          .append(at(h.acquiredAt().last())).append('\n');
    }
  }

  /** Lockdep's table: two CPUs for a pair, the three-lock form for longer chains. */
  private static void scenario(StringBuilder sb, Finding f) {
    int n = f.chain().size();
    LockClass target = f.chain().get(0);
    LockClass source = f.chain().get(n - 1);
    LockClass parent = f.chain().get(1);
    sb.append(" Possible unsafe locking scenario:\n\n");
    sb.append(String.format("       %-24s%s%n", "CPU0", "CPU1"));
    sb.append(String.format("       %-24s%s%n", "----", "----"));
    sb.append("  lock(").append(source.display()).append(");\n");
    if (n == 2) {
      sb.append(pad("lock(" + target.display() + ");"));
      sb.append(pad("lock(" + source.display() + ");"));
    } else {
      sb.append(pad("lock(" + parent.display() + ");"));
      sb.append(pad("lock(" + source.display() + ");"));
    }
    sb.append("  lock(").append(target.display()).append(");\n\n");
    sb.append(f.bounded() ? " *** STALL, until the timed wait gives up ***\n\n" : " *** DEADLOCK ***\n\n");
  }

  private static String pad(String s) {
    return "                               " + s + "\n";
  }

  private static void single(StringBuilder sb, Finding f) {
    Edge e = f.edges().get(0);
    sb.append(RULE).append('\n');
    sb.append("WARNING: possible recursive locking detected [").append(f.rule().id()).append(", ")
        .append(f.confidence().name().toLowerCase()).append(" confidence]\n");
    sb.append(DASH).append('\n');
    sb.append(entry(e.witness())).append(" is trying to acquire lock:\n");
    sb.append("  ").append(lock(e.to(), e.toMode())).append(", at: ").append(at(e.witness().last())).append("\n\n");
    sb.append("but task is already holding lock:\n");
    HeldLock held = e.held().stream().filter(h -> h.lock().equals(e.to())).findFirst()
        .orElse(e.held().get(e.held().size() - 1));
    sb.append("  ").append(lock(held.lock(), held.mode())).append(", at: ").append(at(held.acquiredAt().last()))
        .append("\n\n");
    sb.append(f.rule().info().summary()).append(".\n\n");
    sb.append(" Possible unsafe locking scenario:\n\n");
    sb.append("       CPU0\n       ----\n");
    sb.append("  lock(").append(held.lock().display()).append(");\n");
    sb.append("  lock(").append(e.to().display()).append(");\n\n");
    sb.append(" *** DEADLOCK ***\n\n");
    sb.append("stack of the second acquisition:\n");
    stack(sb, e.witness());
  }

  private static void summary(StringBuilder sb, AnalysisResult r) {
    long cycles = r.findings().stream().filter(f -> f.chain().size() > 1).count();
    AnalysisResult.Stats s = r.stats();
    if (r.findings().isEmpty()) {
      sb.append("lockorder: no lock-order problems found\n");
    }
    sb.append("lockorder: ").append(cycles).append(cycles == 1 ? " cycle" : " cycles").append(" (")
        .append(r.findings().size()).append(r.findings().size() == 1 ? " finding" : " findings").append("), ")
        .append(s.classes()).append(" classes, ").append(s.methods()).append(" methods, ").append(s.lockClasses())
        .append(" lock classes, ").append(s.skippedInputs()).append(" inputs skipped, ").append(s.missingClasses())
        .append(" classes missing").append('\n');
    if (!s.truncated().isEmpty()) {
      sb.append("lockorder: limits hit: ").append(String.join(", ", s.truncated())).append('\n');
    }
  }
}
