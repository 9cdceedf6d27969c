package dev.lockorder.bytecode;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The frames of one method: what ASM's {@link Analyzer} computes, the same worklist in the same
 * order, so the interpreter sees the same merges and the control flow the same edges. ASM's
 * analyzer first assigns every reachable instruction a copy of a "main subroutine" (a set of
 * locals and a list of callers), only to throw them all away when the method has no {@code jsr}:
 * a fifth of the scan's allocation on kafka-clients. Class files of Java 7 on cannot hold {@code jsr}
 * (nor has javac emitted it for long), so a method without one gets this walk alone; a method with
 * one goes to ASM.
 */
final class MethodFrames {
  private final InsnList insns;
  private final PathInterpreter interpreter;
  private final ControlFlow flow;
  private final FirstMatchHandlers firstMatch;
  private final List<TryCatchBlockNode>[] handlers;
  private final Frame<AVal>[] frames;
  private final boolean[] queued;
  private final int[] work;
  private int pending;

  @SuppressWarnings("unchecked")
  private MethodFrames(MethodNode mn, PathInterpreter interpreter, ControlFlow flow, FirstMatchHandlers firstMatch) {
    this.insns = mn.instructions;
    this.interpreter = interpreter;
    this.flow = flow;
    this.firstMatch = firstMatch;
    int n = insns.size();
    this.handlers = (List<TryCatchBlockNode>[]) new List<?>[n];
    this.frames = (Frame<AVal>[]) new Frame<?>[n];
    this.queued = new boolean[n];
    this.work = new int[n];
  }

  /** Each instruction's frame before it runs, null where unreachable; edges go to {@code flow}. */
  @SuppressWarnings("unchecked")
  static Frame<AVal>[] of(String owner, MethodNode mn, PathInterpreter interpreter, ControlFlow flow,
      FirstMatchHandlers firstMatch) throws AnalyzerException {
    if ((mn.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
      return (Frame<AVal>[]) new Frame<?>[0];
    }
    if (hasSubroutines(mn.instructions)) {
      return asm(owner, mn, interpreter, flow, firstMatch);
    }
    MethodFrames f = new MethodFrames(mn, interpreter, flow, firstMatch);
    f.coverHandlers(mn.tryCatchBlocks);
    f.checkEnds();
    return f.run(owner, mn);
  }

  private static boolean hasSubroutines(InsnList insns) {
    for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext()) {
      int op = insn.getOpcode();
      if (op == Opcodes.JSR || op == Opcodes.RET) {
        return true;
      }
    }
    return false;
  }

  private static Frame<AVal>[] asm(String owner, MethodNode mn, PathInterpreter interpreter, ControlFlow flow,
      FirstMatchHandlers firstMatch) throws AnalyzerException {
    InsnList insns = mn.instructions;
    return new Analyzer<>(interpreter) {
      @Override
      protected Frame<AVal> newFrame(int numLocals, int numStack) {
        return new JoinFrame(numLocals, numStack);
      }

      @Override
      protected Frame<AVal> newFrame(Frame<? extends AVal> frame) {
        return new JoinFrame(frame);
      }

      @Override
      protected void newControlFlowEdge(int insn, int successor) {
        flow.add(insn, successor, false);
      }

      @Override
      protected boolean newControlFlowExceptionEdge(int insn, TryCatchBlockNode tcb) {
        if (!firstMatch.reachable(insn, tcb)) {
          return false; // an earlier entry of the table catches everything this one could
        }
        flow.add(insn, insns.indexOf(tcb.handler), true);
        return true;
      }
    }.analyze(owner, mn);
  }

  /** The entries of the exception table covering each instruction, in the table's order. */
  private void coverHandlers(List<TryCatchBlockNode> table) {
    for (TryCatchBlockNode tcb : table) {
      int end = insns.indexOf(tcb.end);
      for (int i = insns.indexOf(tcb.start); i < end; i++) {
        if (handlers[i] == null) {
          handlers[i] = new ArrayList<>();
        }
        handlers[i].add(tcb);
      }
    }
  }

  /**
   * Fails as ASM does, and before any frame is made, when some path (through every handler that
   * covers an instruction, whether or not its edge is kept) runs past the last instruction.
   */
  private void checkEnds() throws AnalyzerException {
    int n = frames.length;
    boolean[] seen = new boolean[n];
    int[] stack = new int[Math.max(n, 1)];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
      int i = stack[--top];
      if (i < 0 || i >= n) {
        throw new AnalyzerException(null, "Execution can fall off the end of the code");
      }
      if (seen[i]) {
        continue;
      }
      seen[i] = true;
      AbstractInsnNode insn = insns.get(i);
      int extra = (handlers[i] == null ? 0 : handlers[i].size()) + 1;
      if (insn instanceof JumpInsnNode j) {
        stack = room(stack, top, extra + 1);
        stack[top++] = insns.indexOf(j.label);
      } else if (insn instanceof TableSwitchInsnNode s) {
        stack = room(stack, top, extra + 1 + s.labels.size());
        stack[top++] = insns.indexOf(s.dflt);
        for (LabelNode l : s.labels) {
          stack[top++] = insns.indexOf(l);
        }
      } else if (insn instanceof LookupSwitchInsnNode s) {
        stack = room(stack, top, extra + 1 + s.labels.size());
        stack[top++] = insns.indexOf(s.dflt);
        for (LabelNode l : s.labels) {
          stack[top++] = insns.indexOf(l);
        }
      } else {
        stack = room(stack, top, extra);
      }
      if (handlers[i] != null) {
        for (TryCatchBlockNode tcb : handlers[i]) {
          stack[top++] = insns.indexOf(tcb.handler);
        }
      }
      if (fallsThrough(insn.getOpcode())) {
        stack[top++] = i + 1;
      }
    }
  }

  private static int[] room(int[] stack, int top, int more) {
    return top + more <= stack.length ? stack : java.util.Arrays.copyOf(stack, Math.max(stack.length * 2, top + more));
  }

  private static boolean fallsThrough(int op) {
    return !(op == Opcodes.GOTO || op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH || op == Opcodes.ATHROW
        || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN));
  }

  private Frame<AVal>[] run(String owner, MethodNode mn) throws AnalyzerException {
    Frame<AVal> current;
    try {
      current = initial(owner, mn);
      merge(0, current);
    } catch (RuntimeException e) {
      throw new AnalyzerException(insns.get(0), "Error at instruction 0: " + e.getMessage(), e);
    }
    while (pending > 0) {
      int i = work[--pending];
      Frame<AVal> before = frames[i];
      queued[i] = false;
      AbstractInsnNode insn = null;
      try {
        insn = insns.get(i);
        step(i, insn, before, current);
        if (handlers[i] != null) {
          throwTo(i, before, current);
        }
      } catch (AnalyzerException e) {
        throw new AnalyzerException(e.node, "Error at instruction " + i + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new AnalyzerException(insn, "Error at instruction " + i + ": " + e.getMessage(), e);
      }
    }
    return frames;
  }

  /** Runs one instruction on {@code current} (reset to {@code before}) and passes it on. */
  private void step(int i, AbstractInsnNode insn, Frame<AVal> before, Frame<AVal> current) throws AnalyzerException {
    int op = insn.getOpcode();
    int type = insn.getType();
    if (type == AbstractInsnNode.LABEL || type == AbstractInsnNode.LINE || type == AbstractInsnNode.FRAME) {
      current.init(before); // a handler covering a label takes the frame after it too: the same
      next(i, i + 1, before);
      return;
    }
    current.init(before).execute(insn, interpreter);
    if (insn instanceof JumpInsnNode j) {
      if (op != Opcodes.GOTO) {
        current.initJumpTarget(op, null);
        next(i, i + 1, current);
      }
      current.initJumpTarget(op, j.label);
      next(i, insns.indexOf(j.label), current);
    } else if (insn instanceof LookupSwitchInsnNode s) {
      branches(i, op, s.dflt, s.labels, current);
    } else if (insn instanceof TableSwitchInsnNode s) {
      branches(i, op, s.dflt, s.labels, current);
    } else if (op != Opcodes.ATHROW && (op < Opcodes.IRETURN || op > Opcodes.RETURN)) {
      next(i, i + 1, current);
    }
  }

  private void branches(int i, int op, LabelNode dflt, List<LabelNode> labels, Frame<AVal> current)
      throws AnalyzerException {
    current.initJumpTarget(op, dflt);
    next(i, insns.indexOf(dflt), current);
    for (LabelNode l : labels) {
      current.initJumpTarget(op, l);
      next(i, insns.indexOf(l), current);
    }
  }

  private void next(int from, int to, Frame<AVal> frame) throws AnalyzerException {
    merge(to, frame);
    flow.add(from, to, false);
  }

  /** Into each kept handler, with the frame before the instruction and again with the one after. */
  private void throwTo(int i, Frame<AVal> before, Frame<AVal> after) throws AnalyzerException {
    for (TryCatchBlockNode tcb : handlers[i]) {
      if (!firstMatch.reachable(i, tcb)) {
        continue; // an earlier entry of the table catches everything this one could
      }
      Type caught = Type.getObjectType(tcb.type == null ? "java/lang/Throwable" : tcb.type);
      int handler = insns.indexOf(tcb.handler);
      flow.add(i, handler, true);
      Frame<AVal> entry = new JoinFrame(before);
      entry.clearStack();
      AVal exception = interpreter.newExceptionValue(tcb, entry, caught);
      entry.push(exception);
      merge(handler, entry);
      entry = new JoinFrame(after);
      entry.clearStack();
      entry.push(exception);
      merge(handler, entry);
    }
  }

  private void merge(int i, Frame<AVal> frame) throws AnalyzerException {
    boolean changed;
    Frame<AVal> old = frames[i];
    if (old == null) {
      frames[i] = new JoinFrame(frame);
      changed = true;
    } else {
      changed = old.merge(frame, interpreter);
    }
    if (changed && !queued[i]) {
      queued[i] = true;
      work[pending++] = i;
    }
  }

  private Frame<AVal> initial(String owner, MethodNode mn) {
    Frame<AVal> frame = new JoinFrame(mn.maxLocals, mn.maxStack);
    int local = 0;
    boolean instance = (mn.access & Opcodes.ACC_STATIC) == 0;
    if (instance) {
      frame.setLocal(local, interpreter.newParameterValue(true, local, Type.getObjectType(owner)));
      local++;
    }
    for (Type t : Type.getArgumentTypes(mn.desc)) {
      frame.setLocal(local, interpreter.newParameterValue(instance, local, t));
      local++;
      if (t.getSize() == 2) {
        frame.setLocal(local, interpreter.newEmptyValue(local));
        local++;
      }
    }
    while (local < mn.maxLocals) {
      frame.setLocal(local, interpreter.newEmptyValue(local));
      local++;
    }
    frame.setReturn(interpreter.newReturnTypeValue(Type.getReturnType(mn.desc)));
    return frame;
  }
}
