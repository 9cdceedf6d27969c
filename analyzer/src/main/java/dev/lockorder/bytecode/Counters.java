package dev.lockorder.bytecode;

import dev.lockorder.ir.CountUse;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * A method's uses of counters ({@link CountUse}), read from javac's shapes: {@code getfield f;
 * const 1; add or sub; putfield f} on one object (an increment or decrement, its value perhaps kept
 * by a {@code dup_x1}), any other store of such a field (outside constructors), {@code getfield f; ireturn} (a getter), and, in a method that waits, a
 * branch on a counter (or a call's {@code int} or {@code long} result) against zero.
 */
final class Counters {
  private Counters() {}

  static List<CountUse> of(MethodNode mn, ControlFlow flow, Frame<AVal>[] frames, int[] nodeOf) {
    InsnList insns = mn.instructions;
    boolean waits = false;
    for (AbstractInsnNode insn : insns) {
      if (insn instanceof MethodInsnNode m && (m.name.equals("wait") || m.name.startsWith("await"))) {
        waits = true;
      }
    }
    List<CountUse> out = new ArrayList<>();
    BitSet all = null;
    for (int i = 0; i < insns.size(); i++) {
      AbstractInsnNode insn = insns.get(i);
      Frame<AVal> f = frames[i];
      if (f == null) {
        continue;
      }
      int op = insn.getOpcode();
      if (op == Opcodes.PUTFIELD && isCount(((FieldInsnNode) insn).desc) && !mn.name.equals("<init>")) {
        CountUse.Kind k = step(insns, frames, i);
        Val base = f.getStack(f.getStackSize() - 2).val();
        FieldInsnNode fi = (FieldInsnNode) insn;
        // Only a step's successors are asked for (where its signal becomes owed); any other store
        // only says the counter is set some other way, and tracing its successors costs a walk
        // of the method per store.
        out.add(new CountUse(k == null ? CountUse.Kind.SET : k,
            new Val.Field(base, fi.owner.intern(), fi.name.intern(), fi.desc),
            k == null ? new int[0] : flow.reach(flow.targets(i, false), nodeOf)));
      } else if ((op == Opcodes.IRETURN || op == Opcodes.LRETURN)
          && f.getStack(f.getStackSize() - 1).val() instanceof Val.Field fv) {
        out.add(new CountUse(CountUse.Kind.RETURN, fv, new int[0]));
      } else if (waits && op >= Opcodes.IFEQ && op <= Opcodes.IFLE && op != Opcodes.IFLT && op != Opcodes.IFGE) {
        Val tested = tested(insns, frames, i);
        if (tested == null) {
          continue;
        }
        int jump = insns.indexOf(((JumpInsnNode) insn).label);
        // IFNE and IFGT jump when the value is not zero; IFEQ and IFLE fall through then.
        int nonZero = op == Opcodes.IFNE || op == Opcodes.IFGT ? jump : i + 1;
        if (all == null) {
          all = flow.reachAvoiding(0, -1, -1);
        }
        BitSet without = flow.reachAvoiding(0, i, nonZero);
        BitSet only = (BitSet) all.clone();
        only.andNot(without);
        List<Integer> gated = new ArrayList<>();
        for (int j = only.nextSetBit(0); j >= 0; j = only.nextSetBit(j + 1)) {
          if (nodeOf[j] >= 0) {
            gated.add(nodeOf[j]);
          }
        }
        if (!gated.isEmpty()) {
          out.add(new CountUse(CountUse.Kind.GATE, tested,
              gated.stream().mapToInt(Integer::intValue).toArray()));
        }
      }
    }
    return out;
  }

  private static boolean isCount(String desc) {
    return desc.equals("I") || desc.equals("J");
  }

  /** Whether the store at {@code at} adds or takes one from the field it reads on the same object. */
  private static CountUse.Kind step(InsnList insns, Frame<AVal>[] frames, int at) {
    int i = prev(insns, at);
    if (i >= 0 && (insns.get(i).getOpcode() == Opcodes.DUP_X1 || insns.get(i).getOpcode() == Opcodes.DUP2_X1)) {
      i = prev(insns, i); // ++f used as a value
    }
    if (i < 0) {
      return null;
    }
    int arith = insns.get(i).getOpcode();
    boolean add = arith == Opcodes.IADD || arith == Opcodes.LADD;
    if (!add && arith != Opcodes.ISUB && arith != Opcodes.LSUB) {
      return null;
    }
    int one = prev(insns, i);
    if (one < 0 || (insns.get(one).getOpcode() != Opcodes.ICONST_1 && insns.get(one).getOpcode() != Opcodes.LCONST_1)) {
      return null;
    }
    int get = prev(insns, one);
    if (get >= 0 && (insns.get(get).getOpcode() == Opcodes.DUP_X1 || insns.get(get).getOpcode() == Opcodes.DUP2_X1)) {
      get = prev(insns, get); // f++ used as a value
    }
    if (get < 0 || insns.get(get).getOpcode() != Opcodes.GETFIELD || frames[get] == null) {
      return null;
    }
    FieldInsnNode g = (FieldInsnNode) insns.get(get);
    FieldInsnNode p = (FieldInsnNode) insns.get(at);
    Frame<AVal> fg = frames[get];
    Frame<AVal> fp = frames[at];
    if (!g.owner.equals(p.owner) || !g.name.equals(p.name)
        || !fg.getStack(fg.getStackSize() - 1).val().equals(fp.getStack(fp.getStackSize() - 2).val())) {
      return null;
    }
    return add ? CountUse.Kind.INC : CountUse.Kind.DEC;
  }

  /** The value a branch at {@code at} compares with zero: its operand, or a long's before {@code lcmp} with 0. */
  private static Val tested(InsnList insns, Frame<AVal>[] frames, int at) {
    Frame<AVal> f = frames[at];
    Val v = f.getStack(f.getStackSize() - 1).val();
    int cmp = prev(insns, at);
    if (cmp >= 0 && insns.get(cmp).getOpcode() == Opcodes.LCMP) {
      int zero = prev(insns, cmp);
      if (zero < 0 || insns.get(zero).getOpcode() != Opcodes.LCONST_0 || frames[zero] == null) {
        return null;
      }
      Frame<AVal> fz = frames[zero];
      v = fz.getStack(fz.getStackSize() - 1).val();
    }
    boolean count = v.type().equals("I") || v.type().equals("J");
    return count && (v instanceof Val.Field || v instanceof Val.Call) ? v : null;
  }

  private static int prev(InsnList insns, int at) {
    AbstractInsnNode p = ColdCode.previous(insns.get(at));
    return p == null ? -1 : insns.indexOf(p);
  }
}
