package dev.lockorder.bytecode;

import dev.lockorder.ir.Guard;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * A test that javac's {@code x = test ? value : null} hands on to a later null test of {@code x}:
 * {@code md = command.isMessageDispatch() ? (MessageDispatch) command : null; ... if (md != null)}
 * (activemq's {@code TransportConnection.processDispatch}). Where {@code x} is not null it came
 * from the side of {@code test} that gave {@code value}, so that side's guard holds there too. Only
 * the non-null side is said: {@code value} itself may be null. The local must have no other store
 * but of {@code null}.
 */
final class NullTernaries {
  private NullTernaries() {}

  /** Adds, for each null test of such a local, its non-null side with the guard of the test's valued side. */
  static void add(InsnList insns, List<int[]> tests, List<Guard> guards) {
    int n = insns.size();
    for (int i = 0; i < n && tests.size() < Guards.MAX_TESTS; i++) {
      int[] tested = storeTested(insns, i);
      int[] ternary = tested == null ? null : ternary(insns, tested[0]);
      if (ternary == null) {
        continue;
      }
      int test = ternary[0];
      int valued = ternary[1];
      int nonNull = tested[1];
      int size = tests.size();
      for (int k = 0; k < size; k++) {
        if (tests.get(k)[0] == test && firstReal(insns, tests.get(k)[1]) == valued && tests.size() < Guards.MAX_TESTS) {
          tests.add(new int[] {i, nonNull});
          guards.add(guards.get(k));
        }
      }
    }
  }

  /**
   * The same for {@code if (test) x = value;} (with {@code x} null otherwise): where {@code x} is
   * not null its only non-null store ran, so every guard on that store holds there too. Run once
   * the guards of the method's own tests are placed; a ternary's store, after the join, has none
   * of them.
   */
  static void carryStores(InsnList insns, ControlFlow flow, org.objectweb.asm.tree.analysis.Frame<AVal>[] frames,
      List<Guard>[] out) {
    int walks = 0;
    for (int i = 0; i < insns.size() && walks < Guards.MAX_TESTS; i++) {
      int[] tested = storeTested(insns, i);
      if (tested == null || out[tested[0]] == null) {
        continue;
      }
      List<Guard> carried = List.copyOf(out[tested[0]]);
      java.util.BitSet without = flow.reachAvoiding(0, i, tested[1]);
      walks++;
      for (int j = 0; j < insns.size(); j++) {
        if (!without.get(j) && frames[j] != null) {
          if (out[j] == null) {
            out[j] = new java.util.ArrayList<>();
          }
          for (Guard g : carried) {
            if (!out[j].contains(g)) {
              out[j].add(g);
            }
          }
        }
      }
    }
  }

  /**
   * For instruction {@code i} that tests a local against null ({@code aload x; ifnull}): the only
   * store of a value into {@code x}, and the side of the test where {@code x} is not null; null
   * for any other instruction, or a local with no such store or several.
   */
  private static int[] storeTested(InsnList insns, int i) {
    AbstractInsnNode insn = insns.get(i);
    int op = insn.getOpcode();
    if ((op != Opcodes.IFNULL && op != Opcodes.IFNONNULL) || !(ColdCode.previous(insn) instanceof VarInsnNode load)
        || load.getOpcode() != Opcodes.ALOAD) {
      return null;
    }
    int store = onlyStore(insns, load.var);
    int jump = insns.indexOf(((JumpInsnNode) insn).label);
    return store < 0 ? null : new int[] {store, op == Opcodes.IFNONNULL ? jump : i + 1};
  }

  /**
   * The one {@code astore} of local {@code var} that is not of {@code null} (a later {@code x =
   * null} keeps "not null" meaning the same); -1 when there are none or several.
   */
  private static int onlyStore(InsnList insns, int var) {
    int found = -1;
    for (int i = 0; i < insns.size(); i++) {
      if (insns.get(i) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ASTORE && v.var == var && !storesNull(v)) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  /**
   * For a store of a ternary with a null side ({@code test; value [checkcast]; goto J; aconst_null;
   * J: [checkcast] astore}, either side first, the value one load): the conditional jump and the
   * value's instruction; null for any other shape.
   */
  private static int[] ternary(InsnList insns, int store) {
    AbstractInsnNode before = ColdCode.previous(insns.get(store));
    if (before != null && before.getOpcode() == Opcodes.CHECKCAST) {
      before = ColdCode.previous(before);
    }
    if (before == null) {
      return null;
    }
    if (before.getOpcode() == Opcodes.ACONST_NULL) {
      // test ? value : null: the valued side ends in a goto over the null.
      AbstractInsnNode jumpOver = ColdCode.previous(before);
      if (!(jumpOver instanceof JumpInsnNode g) || g.getOpcode() != Opcodes.GOTO) {
        return null;
      }
      AbstractInsnNode value = ColdCode.previous(jumpOver);
      if (value != null && value.getOpcode() == Opcodes.CHECKCAST) {
        value = ColdCode.previous(value); // javac casts on the valued side
      }
      AbstractInsnNode cond = value == null ? null : ColdCode.previous(value);
      return isCondition(cond) && ((JumpInsnNode) cond).label == labelBefore(before)
          ? new int[] {insns.indexOf(cond), insns.indexOf(value)} : null;
    }
    // test ? null : value: the null side jumps over the value.
    AbstractInsnNode value = before;
    AbstractInsnNode jumpOver = ColdCode.previous(value);
    AbstractInsnNode nul = jumpOver == null ? null : ColdCode.previous(jumpOver);
    AbstractInsnNode cond = nul == null ? null : ColdCode.previous(nul);
    if (!(jumpOver instanceof JumpInsnNode g) || g.getOpcode() != Opcodes.GOTO || nul == null || nul.getOpcode() != Opcodes.ACONST_NULL
        || !isCondition(cond) || ((JumpInsnNode) cond).label != labelBefore(value)) {
      return null;
    }
    return new int[] {insns.indexOf(cond), insns.indexOf(value)};
  }

  /** {@code x = null}: the null pushed right before, with no jump landing in between (as a ternary's does). */
  private static boolean storesNull(AbstractInsnNode store) {
    for (AbstractInsnNode p = store.getPrevious(); p != null; p = p.getPrevious()) {
      if (p instanceof org.objectweb.asm.tree.LabelNode) {
        return false;
      }
      if (p.getOpcode() >= 0) {
        return p.getOpcode() == Opcodes.ACONST_NULL;
      }
    }
    return false;
  }

  private static boolean isCondition(AbstractInsnNode insn) {
    return insn instanceof JumpInsnNode j && j.getOpcode() != Opcodes.GOTO && j.getOpcode() != Opcodes.JSR;
  }

  /** The label right before {@code insn} (a jump's target), or null. */
  private static AbstractInsnNode labelBefore(AbstractInsnNode insn) {
    for (AbstractInsnNode p = insn.getPrevious(); p != null && p.getOpcode() < 0; p = p.getPrevious()) {
      if (p instanceof org.objectweb.asm.tree.LabelNode) {
        return p;
      }
    }
    return null;
  }

  /** The first real instruction at or after {@code i}. */
  private static int firstReal(InsnList insns, int i) {
    while (i < insns.size() && insns.get(i).getOpcode() < 0) {
      i++;
    }
    return i;
  }
}
