package dev.lockorder.bytecode;

import dev.lockorder.ir.Val;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Whether a method may have changed a parameter's state before an instruction: a test of a getter
 * there says what the caller's object was, only if nothing stored into it or handed it to code
 * that could. Instructions are taken in their order in the method, so a loop that changes the
 * object after the test and comes back to it is missed (written down in the analyzer's README).
 */
final class Untouched {
  private Untouched() {}

  /**
   * True when no instruction before {@code end} stores into {@code p}, calls a method on it other
   * than a no-argument getter, or passes it to a method that could reach its fields (one declared
   * to take any {@code Object}, or one of the JDK's, cannot without a cast).
   */
  static boolean before(InsnList insns, int end, Frame<AVal>[] frames, Val.Param p) {
    for (int i = 0; i < end; i++) {
      AbstractInsnNode insn = insns.get(i);
      Frame<AVal> f = frames[i];
      if (f == null) {
        continue;
      }
      if (insn instanceof FieldInsnNode fi && fi.getOpcode() == Opcodes.PUTFIELD
          && p.equals(f.getStack(f.getStackSize() - 2).val())) {
        return false;
      }
      if (insn instanceof MethodInsnNode m && !harmless(m, f, p)) {
        return false;
      }
    }
    return true;
  }

  private static boolean harmless(MethodInsnNode m, Frame<AVal> f, Val.Param p) {
    Type[] formals = Type.getArgumentTypes(m.desc);
    boolean instance = m.getOpcode() != Opcodes.INVOKESTATIC;
    int argc = formals.length + (instance ? 1 : 0);
    int base = f.getStackSize() - argc;
    for (int k = 0; k < argc; k++) {
      if (!p.equals(f.getStack(base + k).val())) {
        continue;
      }
      if (instance && k == 0) {
        if (formals.length > 0 || m.desc.endsWith(")V") || m.name.equals("<init>")) {
          return false; // a setter, or anything else called on it
        }
      } else if (!m.owner.startsWith("java/")
          && !formals[k - (instance ? 1 : 0)].getDescriptor().equals("Ljava/lang/Object;")) {
        return false;
      }
    }
    return true;
  }
}
