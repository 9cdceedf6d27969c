package dev.lockorder.bytecode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Constructor parameters that the constructor casts before it can return: derby's
 * {@code PositionedStoreStream(InputStream in)} stores {@code in} and then calls {@code
 * ((Resetable) in).initStream()}. An object that is no {@code Resetable} makes that constructor
 * throw, so no object it builds ever holds one: the parameter's objects are those of the cast's type
 * (the type flow keeps only them, {@code TypeFlow}).
 *
 * <p>Read from the straight-line start of the constructor, before its first jump, switch, return or
 * throw, none of it covered by an exception handler (a handler could catch the failed cast and
 * return normally). Before the cast the parameter may only be stored into a field of {@code this}
 * (the object that the failed cast then leaves unfinished); any other use (a call, another local)
 * would let an object of another type act first. Unsound only where a constructor lets {@code this}
 * out before the cast (another thread then sees the field) and the cast then fails.
 */
final class ParamCasts {
  private ParamCasts() {}

  /** Parameter positions ({@code this} is 0) to the type they are cast to; empty for most methods. */
  static Map<Integer, String> of(MethodNode mn) {
    if (!"<init>".equals(mn.name) || mn.instructions.size() == 0) {
      return Map.of();
    }
    Map<Integer, Integer> slotToParam = new HashMap<>();
    int slot = 1;
    Type[] args = Type.getArgumentTypes(mn.desc);
    for (int i = 0; i < args.length; i++) {
      if (args[i].getSort() == Type.OBJECT) {
        slotToParam.put(slot, i + 1);
      }
      slot += args[i].getSize();
    }
    if (slotToParam.isEmpty()) {
      return Map.of();
    }
    Set<AbstractInsnNode> covered = coveredStarts(mn);
    Map<Integer, String> out = new HashMap<>();
    Set<Integer> used = new HashSet<>(); // parameters used some other way before a cast
    for (AbstractInsnNode insn = mn.instructions.getFirst(); insn != null; insn = insn.getNext()) {
      if (covered.contains(insn) || ends(insn)) {
        break;
      }
      if (insn instanceof VarInsnNode v && v.getOpcode() == Opcodes.ASTORE) {
        used.add(slotToParam.getOrDefault(v.var, -1)); // the slot no longer holds the parameter
      }
      if (!(insn instanceof VarInsnNode v) || v.getOpcode() != Opcodes.ALOAD || !slotToParam.containsKey(v.var)) {
        continue;
      }
      int p = slotToParam.get(v.var);
      AbstractInsnNode next = real(insn.getNext());
      if (next instanceof TypeInsnNode t && t.getOpcode() == Opcodes.CHECKCAST) {
        if (!used.contains(p) && !out.containsKey(p)) {
          out.put(p, t.desc.intern());
        }
      } else if (!(next instanceof FieldInsnNode f && f.getOpcode() == Opcodes.PUTFIELD && loadsThisBefore(insn))) {
        used.add(p);
      }
    }
    return out.isEmpty() ? Map.of() : Map.copyOf(out);
  }

  /** Whether {@code insn} leaves the straight line: a jump, switch, return or throw. */
  private static boolean ends(AbstractInsnNode insn) {
    int op = insn.getOpcode();
    return insn instanceof JumpInsnNode || insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode
        || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW || op == Opcodes.RET;
  }

  /** {@code aload_0} right before the parameter's load: the field stored into is this object's. */
  private static boolean loadsThisBefore(AbstractInsnNode load) {
    return ColdCode.previous(load) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && v.var == 0;
  }

  private static AbstractInsnNode real(AbstractInsnNode insn) {
    while (insn != null && insn.getOpcode() < 0) {
      insn = insn.getNext();
    }
    return insn;
  }

  /** The first instruction of every handler's range: the straight line stops there. */
  private static Set<AbstractInsnNode> coveredStarts(MethodNode mn) {
    Set<AbstractInsnNode> out = new HashSet<>();
    if (mn.tryCatchBlocks != null) {
      for (TryCatchBlockNode tcb : mn.tryCatchBlocks) {
        out.add(tcb.start);
      }
    }
    return out;
  }
}
