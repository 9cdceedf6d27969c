package dev.lockorder.bytecode;

import dev.lockorder.ir.Val;
import java.util.BitSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Stores into a field of {@code this} that the method makes only while that field is still null,
 * and that it refuses to make otherwise: {@code if (owner != null) throw new AssertionError();
 * owner = o;}. Such a method sets the field at most once per object, and a second caller's call
 * fails instead of replacing the first one's value (offheap-store's {@code
 * FileBackedStorageEngine.bind}). A test that returns quietly when the field is set does not count:
 * the second caller then goes on as if it had set it.
 */
final class FirstStores {
  private FirstStores() {}

  /** Whether the {@code putfield} at {@code store} is such a store. */
  static boolean once(InsnList insns, ControlFlow flow, Frame<AVal>[] frames, int store) {
    FieldInsnNode put = (FieldInsnNode) insns.get(store);
    int n = insns.size();
    for (int i = 0; i < n; i++) {
      AbstractInsnNode insn = insns.get(i);
      int op = insn.getOpcode();
      if (op != Opcodes.IFNULL && op != Opcodes.IFNONNULL
          || !(ColdCode.previous(insn) instanceof FieldInsnNode get) || get.getOpcode() != Opcodes.GETFIELD
          || !get.name.equals(put.name) || !get.owner.equals(put.owner) || !onThis(frames[insns.indexOf(get)], 0)) {
        continue;
      }
      int jump = insns.indexOf(((JumpInsnNode) insn).label);
      int whenNull = op == Opcodes.IFNULL ? jump : i + 1;
      int whenSet = op == Opcodes.IFNULL ? i + 1 : jump;
      if (whenNull != whenSet && !flow.reachAvoiding(0, i, whenNull).get(store) && !returns(insns, flow, whenSet)) {
        return true;
      }
    }
    return false;
  }

  /** Whether no normal return can be reached without passing the {@code putfield} at {@code store}. */
  static boolean always(InsnList insns, ControlFlow flow, int store) {
    BitSet seen = flow.reachAvoiding(0, store, store + 1);
    for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
      int op = insns.get(i).getOpcode();
      if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN && i != store) {
        return false;
      }
    }
    return true;
  }

  /** Whether the {@code putfield} at {@code store} writes into {@code this}. */
  static boolean intoThis(Frame<AVal> f) {
    return onThis(f, 1);
  }

  /** Whether the value {@code below} places under the top of the stack is the method's own {@code this}. */
  private static boolean onThis(Frame<AVal> f, int below) {
    int at = f == null ? -1 : f.getStackSize() - 1 - below;
    return at >= 0 && f.getStack(at).val() instanceof Val.Param p && p.index() == 0;
  }

  /** Whether a normal return can be reached from {@code from}, through handlers too. */
  private static boolean returns(InsnList insns, ControlFlow flow, int from) {
    BitSet seen = flow.reachAvoiding(from, -1, -1);
    for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
      int op = insns.get(i).getOpcode();
      if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) {
        return true;
      }
    }
    return false;
  }
}
