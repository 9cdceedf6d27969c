package dev.lockorder.bytecode;

import dev.lockorder.ir.FlagGuard;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The tables javac makes for a {@code switch} on an enum: a synthetic class's static {@code int[]
 * $SwitchMap$pkg$E}, filled in its static initializer with {@code $SwitchMap$pkg$E[E.A.ordinal()]
 * = 1}. The switch itself reads {@code $SwitchMap$pkg$E[e.ordinal()]} and branches on the case
 * number; this table turns a case number back into the constant, so that a caller passing {@code
 * E.A} decides the switch ({@link ConstantTests}). Other compilers' tables (ecj's {@code
 * $SWITCH_TABLE$} methods, {@code invokedynamic} switches) are not read: their switches decide
 * nothing.
 */
final class SwitchMaps {
  static final String PREFIX = "$SwitchMap$";

  private SwitchMaps() {}

  /**
   * Per table field, each constant ({@code owner.NAME}) and its case number, and for an enum class
   * its own constants with their ordinals; empty when none.
   */
  static Map<String, Map<String, Integer>> of(ClassNode cn) {
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    if ((cn.access & Opcodes.ACC_ENUM) != 0) {
      int ordinal = 0;
      for (var f : cn.fields) {
        if ((f.access & Opcodes.ACC_ENUM) != 0) {
          // An enum's own constants, each with its ordinal: what tells a constant from a static field
          // that may alias one, for e == E.A tests.
          out.computeIfAbsent(FlagGuard.ENUM_CONSTANTS, x -> new TreeMap<>()).put(cn.name + "." + f.name, ordinal++);
        }
      }
    }
    for (MethodNode mn : cn.methods) {
      if (!mn.name.equals("<clinit>")) {
        continue;
      }
      for (AbstractInsnNode insn : mn.instructions) {
        if (insn.getOpcode() != Opcodes.IASTORE) {
          continue;
        }
        AbstractInsnNode k = ColdCode.previous(insn);
        AbstractInsnNode ord = k == null ? null : ColdCode.previous(k);
        AbstractInsnNode constant = ord == null ? null : ColdCode.previous(ord);
        AbstractInsnNode table = constant == null ? null : ColdCode.previous(constant);
        Integer c = intConstant(k);
        if (c != null && ord instanceof MethodInsnNode m && m.name.equals("ordinal") && m.desc.equals("()I")
            && constant instanceof FieldInsnNode e && e.getOpcode() == Opcodes.GETSTATIC
            && e.desc.equals("L" + e.owner + ";") && table instanceof FieldInsnNode t
            && t.getOpcode() == Opcodes.GETSTATIC && t.owner.equals(cn.name) && t.name.startsWith(PREFIX)) {
          out.computeIfAbsent(t.name, x -> new TreeMap<>()).put(e.owner + "." + e.name, c);
        }
      }
    }
    return out;
  }

  private static Integer intConstant(AbstractInsnNode insn) {
    if (insn == null) {
      return null;
    }
    int op = insn.getOpcode();
    if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
      return op - Opcodes.ICONST_0;
    }
    if (insn instanceof IntInsnNode i && (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH)) {
      return i.operand;
    }
    return insn instanceof LdcInsnNode l && l.cst instanceof Integer v ? v : null;
  }
}
