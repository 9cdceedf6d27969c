package dev.lockorder.bytecode;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The instructions that run only after the JVM itself failed: inside a {@code catch
 * (OutOfMemoryError e)} (or another {@link #JVM_ERRORS virtual-machine error}), or on the true side
 * of an {@code instanceof OutOfMemoryError} test. A server's "shut everything down on OOM" path
 * takes every lock it has, in whatever order; the JVM is already going down, and its locks say
 * nothing about the program's order. Such code is left out of the event graph.
 */
final class ColdCode {
  /** Errors after which the JVM makes no promise: what their handlers lock is not an order. */
  static final Set<String> JVM_ERRORS = Set.of("java/lang/OutOfMemoryError", "java/lang/VirtualMachineError",
      "java/lang/StackOverflowError", "java/lang/InternalError", "java/lang/UnknownError");

  private ColdCode() {}

  /** The instructions reachable from the entry only through a handler or test of a JVM error. */
  static BitSet of(MethodNode mn, ControlFlow flow) {
    InsnList insns = mn.instructions;
    int n = insns.size();
    Set<Integer> coldHandlers = new HashSet<>();
    for (TryCatchBlockNode tcb : mn.tryCatchBlocks) {
      if (tcb.type != null && JVM_ERRORS.contains(tcb.type)) {
        coldHandlers.add(insns.indexOf(tcb.handler));
      }
    }
    BitSet coldBranch = new BitSet(n); // the instruction's edge to its true side is cold
    for (int i = 0; i < n; i++) {
      AbstractInsnNode insn = insns.get(i);
      int op = insn.getOpcode();
      if ((op == Opcodes.IFNE || op == Opcodes.IFEQ) && previous(insn) instanceof TypeInsnNode t
          && t.getOpcode() == Opcodes.INSTANCEOF && JVM_ERRORS.contains(t.desc)) {
        coldBranch.set(i);
      }
    }
    if (coldHandlers.isEmpty() && coldBranch.isEmpty()) {
      return new BitSet();
    }
    BitSet warm = new BitSet(n);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.push(0);
    while (!work.isEmpty()) {
      int i = work.pop();
      if (i < 0 || i >= n || warm.get(i)) {
        continue;
      }
      warm.set(i);
      int trueSide = -1;
      if (coldBranch.get(i)) {
        int jump = insns.indexOf(((JumpInsnNode) insns.get(i)).label);
        trueSide = insns.get(i).getOpcode() == Opcodes.IFNE ? jump : i + 1;
      }
      for (int s : flow.targets(i, false)) {
        if (s != trueSide) {
          work.push(s);
        }
      }
      for (int s : flow.targets(i, true)) {
        if (!coldHandlers.contains(s)) {
          work.push(s);
        }
      }
    }
    BitSet cold = new BitSet(n);
    cold.set(0, n);
    cold.andNot(warm);
    return cold;
  }

  static AbstractInsnNode previous(AbstractInsnNode insn) {
    AbstractInsnNode p = insn.getPrevious();
    while (p != null && p.getOpcode() < 0) {
      p = p.getPrevious(); // labels, line numbers, frames
    }
    return p;
  }
}
