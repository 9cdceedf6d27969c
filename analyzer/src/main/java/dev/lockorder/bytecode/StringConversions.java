package dev.lockorder.bytecode;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Turning an object into a string calls its {@code toString} from inside the JDK, on this thread,
 * under this thread's locks: {@code "serving " + session} (javac's {@code invokedynamic} to {@code
 * StringConcatFactory}), {@code StringBuilder.append(Object)} (javac before 9) and {@code
 * String.valueOf(Object)}. A synchronized {@code toString} in a log line is a lock taken there.
 * Each such object is a call of {@code toString} on it at the instruction, before the
 * instruction's own effect. Only objects whose static type is the program's (not the JDK's, not
 * {@code Object}) are followed: an {@code Object} would send the call to every class's
 * {@code toString} when the type flow has seen nothing reach it.
 */
final class StringConversions {
  private static final String TO_STRING = "()Ljava/lang/String;";

  private StringConversions() {}

  /** The {@code toString} calls {@code insn} makes on its operands, given their values; empty if none. */
  static List<Op> calls(AbstractInsnNode insn, List<Val> operands) {
    List<Type> types = convertedTypes(insn);
    if (types == null) {
      return List.of();
    }
    List<Op> out = new ArrayList<>(1);
    int first = operands.size() - types.size(); // past the receiver of append
    for (int i = 0; i < types.size(); i++) {
      Type t = types.get(i);
      if (first + i < 0 || t.getSort() != Type.OBJECT) {
        continue;
      }
      Val v = operands.get(first + i);
      String type = t.getInternalName().equals("java/lang/Object") && v != null ? v.type() : t.getInternalName();
      if (type != null && !ClassInits.isJdk(type) && !type.startsWith("[")) {
        out.add(new Op.Invoke(MethodRef.of(type, "toString", TO_STRING), "virtual", List.of(v)));
      }
    }
    return out;
  }

  /** How many operands {@code insn} takes from the stack when it converts objects, or -1. */
  static int operandCount(AbstractInsnNode insn) {
    List<Type> types = convertedTypes(insn);
    if (types == null) {
      return -1;
    }
    return insn.getOpcode() == Opcodes.INVOKEVIRTUAL ? types.size() + 1 : types.size();
  }

  /** The static types of the operands {@code insn} turns into strings (receiver excluded), or null. */
  private static List<Type> convertedTypes(AbstractInsnNode insn) {
    if (insn instanceof InvokeDynamicInsnNode indy) {
      return indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")
          ? List.of(Type.getArgumentTypes(indy.desc)) : null;
    }
    if (insn instanceof MethodInsnNode m && m.desc.startsWith("(Ljava/lang/Object;)")
        && ((m.getOpcode() == Opcodes.INVOKEVIRTUAL && m.name.equals("append")
            && (m.owner.equals("java/lang/StringBuilder") || m.owner.equals("java/lang/StringBuffer")))
        || (m.getOpcode() == Opcodes.INVOKESTATIC && m.owner.equals("java/lang/String") && m.name.equals("valueOf")))) {
      return List.of(Type.getType(Object.class));
    }
    return null;
  }
}
