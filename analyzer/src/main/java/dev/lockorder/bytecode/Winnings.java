package dev.lockorder.bytecode;

import dev.lockorder.ir.Val;
import dev.lockorder.ir.Winning;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * A method's {@link Winning}: its boolean stores, and, for a synchronized instance method returning
 * a boolean, the field every return of true comes after winning. Read by a must-dataflow over the
 * instructions whose facts are {@code t:f} (this.f tested false, no call since: the monitor was
 * not let go by a wait in between), {@code w:f} (f won: set true while {@code t:f}) and {@code
 * a:g} (g was {@code t:g} when a field was won).
 */
final class Winnings {
  private Winnings() {}

  static Winning of(MethodNode mn, ControlFlow flow, Frame<AVal>[] frames) {
    InsnList insns = mn.instructions;
    List<String> setsTrue = new ArrayList<>();
    List<String> setsOther = new ArrayList<>();
    boolean ctor = mn.name.equals("<init>");
    for (int i = 0; i < insns.size(); i++) {
      if (insns.get(i).getOpcode() == Opcodes.PUTFIELD && frames[i] != null
          && ((FieldInsnNode) insns.get(i)).desc.equals("Z")) {
        FieldInsnNode fi = (FieldInsnNode) insns.get(i);
        String key = (fi.owner + "." + fi.name).intern();
        if (isTrue(value(frames[i], 1))) {
          setsTrue.add(key);
        } else if (!(ctor && isThis(value(frames[i], 2)))) {
          setsOther.add(key); // a constructor's store into the object it builds: no other thread sees it yet
        }
      }
    }
    String wins = null;
    Set<String> falseAtWin = Set.of();
    int gate = Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_STATIC;
    if ((mn.access & gate) == Opcodes.ACC_SYNCHRONIZED && mn.desc.endsWith(")Z") && !setsTrue.isEmpty()) {
      Set<String> atTrue = facts(insns, flow, frames);
      if (atTrue != null) {
        for (String s : new TreeSet<>(atTrue)) {
          if (s.startsWith("w:") && wins == null) {
            wins = s.substring(2);
          }
        }
        Set<String> found = new TreeSet<>();
        for (String s : atTrue) {
          if (s.startsWith("a:") && !s.substring(2).equals(wins)) {
            found.add(s.substring(2));
          }
        }
        falseAtWin = found;
      }
    }
    if (wins == null && setsTrue.isEmpty() && setsOther.isEmpty()) {
      return Winning.NONE;
    }
    Set<String> trueAtResets = setsOther.isEmpty() ? Set.of() : trueAtResets(insns, flow, frames, ctor);
    return new Winning(wins, wins == null ? Set.of() : falseAtWin, setsTrue, setsOther, trueAtResets);
  }

  /**
   * The boolean fields of {@code this} set true on every path to every store of anything but true
   * (a must-dataflow): a reset that also closes for good, {@code closed = true; closing = false;}.
   */
  private static Set<String> trueAtResets(InsnList insns, ControlFlow flow, Frame<AVal>[] frames, boolean ctor) {
    int n = insns.size();
    Set<String>[] in = mustFlow(insns, flow, (i, s) -> {
      if (insns.get(i).getOpcode() != Opcodes.PUTFIELD || frames[i] == null
          || !((FieldInsnNode) insns.get(i)).desc.equals("Z") || !isThis(value(frames[i], 2))) {
        return s;
      }
      FieldInsnNode fi = (FieldInsnNode) insns.get(i);
      Set<String> after = new HashSet<>(s);
      String key = fi.owner + "." + fi.name;
      if (isTrue(value(frames[i], 1))) {
        after.add(key);
      } else {
        after.remove(key);
      }
      return after;
    }, (i, t, after) -> after);
    if (in == null) {
      return Set.of();
    }
    Set<String> out = null;
    for (int i = 0; i < n; i++) {
      if (insns.get(i).getOpcode() != Opcodes.PUTFIELD || frames[i] == null || in[i] == null
          || !((FieldInsnNode) insns.get(i)).desc.equals("Z") || isTrue(value(frames[i], 1))) {
        continue;
      }
      boolean self = isThis(value(frames[i], 2));
      if (ctor && self) {
        continue; // not a reset: no other thread sees the object yet
      }
      Set<String> here = self ? in[i] : Set.of();
      out = out == null ? new HashSet<>(here) : out;
      out.retainAll(here);
    }
    return out == null ? Set.of() : out;
  }

  /** The facts every return of true holds; null when some return hands back anything but a constant. */
  private static Set<String> facts(InsnList insns, ControlFlow flow, Frame<AVal>[] frames) {
    int n = insns.size();
    Set<String>[] in = mustFlow(insns, flow, (i, s) -> after(insns.get(i), frames[i], s), (i, t, after) -> {
      AbstractInsnNode insn = insns.get(i);
      if ((insn.getOpcode() == Opcodes.IFEQ || insn.getOpcode() == Opcodes.IFNE) && frames[i] != null
          && value(frames[i], 1) instanceof Val.Field f && f.type().equals("Z") && isThis(f.base())
          && ColdCode.previous(insn) != null && ColdCode.previous(insn).getOpcode() == Opcodes.GETFIELD) {
        // Read right there: a value read before a call (which may wait) could be stale.
        int jump = insns.indexOf(((JumpInsnNode) insn).label);
        int zeroSide = jump == i + 1 ? -1 : insn.getOpcode() == Opcodes.IFNE ? i + 1 : jump;
        if (t == zeroSide) {
          Set<String> out = new HashSet<>(after);
          out.add("t:" + f.owner() + "." + f.name());
          return out;
        }
      }
      return after;
    });
    if (in == null) {
      return null;
    }
    Set<String> atTrue = null;
    for (int i = 0; i < n; i++) {
      if (in[i] == null || insns.get(i).getOpcode() != Opcodes.IRETURN || frames[i] == null) {
        continue;
      }
      Val v = value(frames[i], 1);
      if (!(v instanceof Val.Const c && c.value() instanceof Integer k)) {
        return null; // a value computed elsewhere: which returns are wins is not known
      }
      if (k != 0) {
        atTrue = atTrue == null ? new HashSet<>(in[i]) : atTrue;
        atTrue.retainAll(in[i]);
      }
    }
    return atTrue;
  }

  private static Set<String> after(AbstractInsnNode insn, Frame<AVal> f, Set<String> s) {
    if (insn instanceof MethodInsnNode || insn instanceof InvokeDynamicInsnNode) {
      Set<String> out = new HashSet<>();
      s.forEach(x -> {
        if (!x.startsWith("t:")) {
          out.add(x); // a call may wait (letting the monitor go) or store the field
        }
      });
      return out;
    }
    if (insn.getOpcode() != Opcodes.PUTFIELD || f == null || !((FieldInsnNode) insn).desc.equals("Z")) {
      return s;
    }
    FieldInsnNode fi = (FieldInsnNode) insn;
    String key = fi.owner + "." + fi.name;
    Set<String> out = new HashSet<>(s);
    out.remove("t:" + key);
    boolean win = isTrue(value(f, 1)) && isThis(value(f, 2)) && s.contains("t:" + key);
    if (win) {
      out.add("w:" + key);
      s.forEach(x -> {
        if (x.startsWith("t:")) {
          out.add("a:" + x.substring(2));
        }
      });
    } else if (!isTrue(value(f, 1))) {
      out.remove("w:" + key);
      out.remove("a:" + key);
    }
    return out;
  }

  /** What an instruction leaves of the facts before it. */
  private interface Transfer {
    Set<String> after(int insn, Set<String> before);
  }

  /** What the facts after an instruction are on its normal edge to {@code target}. */
  private interface Edge {
    Set<String> on(int insn, int target, Set<String> after);
  }

  /**
   * A must-dataflow over the instructions (intersection at joins): the facts at each instruction's
   * start, null where none reaches it; null in all when it does not settle. An exception edge
   * carries what holds both before and after the instruction (it may throw either way).
   */
  private static Set<String>[] mustFlow(InsnList insns, ControlFlow flow, Transfer transfer, Edge edge) {
    int n = insns.size();
    @SuppressWarnings("unchecked")
    Set<String>[] in = new Set[n];
    in[0] = Set.of();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(0);
    int budget = 64 * n + 64;
    while (!work.isEmpty() && budget-- > 0) {
      int i = work.poll();
      Set<String> s = in[i];
      Set<String> after = transfer.after(i, s);
      for (int t : flow.targets(i, false)) {
        flow(in, t, edge.on(i, t, after), work);
      }
      Set<String> both = new HashSet<>(s);
      both.retainAll(after);
      for (int t : flow.targets(i, true)) {
        flow(in, t, both, work);
      }
    }
    return budget <= 0 ? null : in;
  }

  private static void flow(Set<String>[] in, int t, Set<String> s, ArrayDeque<Integer> work) {
    Set<String> old = in[t];
    if (old == null) {
      in[t] = s;
      work.add(t);
    } else if (!s.containsAll(old)) {
      Set<String> meet = new HashSet<>(old);
      meet.retainAll(s);
      in[t] = meet;
      work.add(t);
    }
  }

  /** The value {@code depth} slots down the operand stack (1: the top). */
  private static Val value(Frame<AVal> f, int depth) {
    return f.getStack(f.getStackSize() - depth).val();
  }

  private static boolean isTrue(Val v) {
    return v instanceof Val.Const c && Integer.valueOf(1).equals(c.value());
  }

  private static boolean isThis(Val v) {
    return v instanceof Val.Param p && p.index() == 0;
  }
}
