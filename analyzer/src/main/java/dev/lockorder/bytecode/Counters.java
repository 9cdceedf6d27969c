package dev.lockorder.bytecode;

import dev.lockorder.ir.CountUse;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * A method's uses of counters ({@link CountUse}), read from javac's shapes: {@code getfield f;
 * const 1; add or sub; putfield f} on one object (an increment or decrement, its value perhaps kept
 * by a {@code dup_x1}), any other store of such a field (outside constructors), {@code getfield f; ireturn} (a getter), and, in a method that waits, a
 * branch on a counter (or a call's {@code int} or {@code long} result) against zero. Also bit locks
 * (jsr166e's ConcurrentHashMapV8 bins): a store or call whose value is {@code x | C} (a raise of
 * the bits C), and, in a method that waits, a test that a field's bits are set.
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
        long set = k == null ? orConstant(insns, i) : 0;
        Val.Field field = new Val.Field(base, fi.owner.intern(), fi.name.intern(), fi.desc);
        if (set != 0) {
          out.add(new CountUse(CountUse.Kind.RAISE, field, flow.reach(flow.targets(i, false), nodeOf), set));
        } else {
          out.add(new CountUse(k == null ? CountUse.Kind.SET : k, field,
              k == null ? new int[0] : flow.reach(flow.targets(i, false), nodeOf)));
        }
      } else if (insn instanceof MethodInsnNode m && nodeOf[i] >= 0 && !mn.name.equals("<init>")
          && orConstant(insns, i) != 0) {
        // A CAS or store of x | C through an accessor or a field updater: the receiver and the
        // arguments as the call sees them, for the bit gates to tell which field it sets.
        int count = Type.getArgumentTypes(m.desc).length + (op == Opcodes.INVOKESTATIC ? 0 : 1);
        List<Val> args = new ArrayList<>();
        for (int a = f.getStackSize() - count; a < f.getStackSize(); a++) {
          args.add(f.getStack(a).val());
        }
        out.add(new CountUse(CountUse.Kind.RAISE, new Val.Call(MethodRef.of(m.owner, m.name, m.desc), args, "V"),
            new int[] {nodeOf[i]}, orConstant(insns, i)));
      } else if (waits && (op == Opcodes.IF_ICMPEQ || op == Opcodes.IF_ICMPNE)) {
        // (f & M) == M: the bits are all set on the equal side.
        int c = prev(insns, i);
        int and = c < 0 ? -1 : prev(insns, c);
        Val.Field tested = masked(insns, frames, and);
        Long m = tested == null ? null : constant(insns.get(c));
        if (m != null && m.equals(constant(insns.get(prev(insns, and))))) {
          int equal = op == Opcodes.IF_ICMPEQ ? insns.indexOf(((JumpInsnNode) insn).label) : i + 1;
          if (all == null) {
            all = flow.reachAvoiding(0, -1, -1);
          }
          addGate(out, CountUse.Kind.BITS, tested, m, flow, all, i, equal, nodeOf);
        }
      } else if ((op == Opcodes.IRETURN || op == Opcodes.LRETURN)
          && f.getStack(f.getStackSize() - 1).val() instanceof Val.Field fv) {
        out.add(new CountUse(CountUse.Kind.RETURN, fv, new int[0]));
      } else if (waits && op >= Opcodes.IFEQ && op <= Opcodes.IFLE && op != Opcodes.IFLT && op != Opcodes.IFGE) {
        Val.Field bits = masked(insns, frames, prev(insns, i));
        Val tested = bits != null ? bits : tested(insns, frames, i);
        if (tested == null) {
          continue;
        }
        int jump = insns.indexOf(((JumpInsnNode) insn).label);
        // IFNE and IFGT jump when the value is not zero; IFEQ and IFLE fall through then.
        int nonZero = op == Opcodes.IFNE || op == Opcodes.IFGT ? jump : i + 1;
        if (all == null) {
          all = flow.reachAvoiding(0, -1, -1);
        }
        if (bits != null) {
          addGate(out, CountUse.Kind.BITS, bits, constant(insns.get(prev(insns, prev(insns, i)))), flow, all, i,
              nonZero, nodeOf);
        } else {
          addGate(out, CountUse.Kind.GATE, tested, 0, flow, all, i, nonZero, nodeOf);
        }
      }
    }
    return out;
  }

  /** A gate: the nodes reached from the entry only through the branch at {@code at} to {@code side}. */
  private static void addGate(List<CountUse> out, CountUse.Kind kind, Val tested, long bits, ControlFlow flow,
      BitSet all, int at, int side, int[] nodeOf) {
    BitSet without = flow.reachAvoiding(0, at, side);
    BitSet only = (BitSet) all.clone();
    only.andNot(without);
    List<Integer> gated = new ArrayList<>();
    for (int j = only.nextSetBit(0); j >= 0; j = only.nextSetBit(j + 1)) {
      if (nodeOf[j] >= 0) {
        gated.add(nodeOf[j]);
      }
    }
    if (!gated.isEmpty()) {
      out.add(new CountUse(kind, tested, gated.stream().mapToInt(Integer::intValue).toArray(), bits));
    }
  }

  /**
   * The int field masked by a constant at {@code and}, an {@code iand} right after {@code getfield
   * f; const M} (a fresh read).
   */
  private static Val.Field masked(InsnList insns, Frame<AVal>[] frames, int and) {
    if (and < 0 || insns.get(and).getOpcode() != Opcodes.IAND || frames[and] == null) {
      return null;
    }
    int c = prev(insns, and);
    Long m = c < 0 ? null : constant(insns.get(c));
    Frame<AVal> fa = frames[and];
    // Only a fresh read (getfield f; const M; iand): a copy read earlier, perhaps before the
    // monitor was entered, may be stale at the wait.
    int read = c < 0 ? -1 : prev(insns, c);
    return m != null && m != 0 && read >= 0 && insns.get(read).getOpcode() == Opcodes.GETFIELD
        && fa.getStack(fa.getStackSize() - 2).val() instanceof Val.Field f ? f : null;
  }

  /** The constant C of an {@code x | C} computed right before {@code at}, or 0. */
  private static long orConstant(InsnList insns, int at) {
    int or = prev(insns, at);
    if (or < 0 || insns.get(or).getOpcode() != Opcodes.IOR && insns.get(or).getOpcode() != Opcodes.LOR) {
      return 0;
    }
    int c = prev(insns, or);
    Long v = c < 0 ? null : constant(insns.get(c));
    return v == null ? 0 : v;
  }

  private static Long constant(AbstractInsnNode insn) {
    int op = insn.getOpcode();
    if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
      return (long) (op - Opcodes.ICONST_0);
    }
    if (op == Opcodes.LCONST_0 || op == Opcodes.LCONST_1) {
      return (long) (op - Opcodes.LCONST_0);
    }
    if (insn instanceof IntInsnNode in && (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH)) {
      return (long) in.operand;
    }
    if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Number n
        && (ldc.cst instanceof Integer || ldc.cst instanceof Long)) {
      return n.longValue();
    }
    return null;
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
