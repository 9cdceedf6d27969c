package dev.lockorder.bytecode;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.StateFacts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Reads {@link StateFacts} off a short method: a boolean getter's result on default fields ({@code
 * return transactionId != null;} is false until something sets the id), and which fields a setter
 * or constructor stores into. Anything longer or less plain is left unknown, which only keeps
 * more tests undecided. A visitor, so that library classes, whose code the analysis otherwise
 * skips, are read for it in the same pass, without building their instructions.
 */
final class StateScanner extends MethodVisitor {
  /** Real instructions of a method whose stores are listed (setters, constructors, small helpers). */
  private static final int MAX_WRITER = 64;
  /** Calls a listed method may make; each one's stores are looked up when a test is decided. */
  private static final int MAX_CALLS = 8;
  /** Instructions a predicate may step through. */
  private static final int MAX_STEPS = 32;
  private static final Object NULL = new Object();
  private static final Object THIS = new Object();
  private static final StateFacts EMPTY = new StateFacts(null, List.of(), List.of());

  private final MethodNode body;
  private final List<String> writes = new ArrayList<>();
  private final List<MethodRef> calls = new ArrayList<>();
  private int real;

  private StateScanner(int access, String desc) {
    super(Opcodes.ASM9, (access & Opcodes.ACC_STATIC) == 0 && desc.equals("()Z") ? new MethodNode() : null);
    this.body = (MethodNode) mv;
  }

  /** The facts of a method already read. */
  static StateFacts of(MethodNode mn) {
    if ((mn.access & Opcodes.ACC_STATIC) != 0 || !mn.desc.equals("()Z")) {
      // What facts() says of a long method that is no predicate, without visiting it.
      int n = 0;
      for (AbstractInsnNode i = mn.instructions.getFirst(); i != null; i = i.getNext()) {
        if (i.getOpcode() >= 0 && ++n > MAX_WRITER) {
          return StateFacts.NONE;
        }
      }
    }
    StateScanner s = new StateScanner(mn.access, mn.desc);
    mn.instructions.accept(s);
    return s.facts();
  }

  /**
   * A visitor that passes a class on to {@code next} without its methods' code (as {@code
   * SKIP_CODE} would), reading each method's facts from that code into {@code out} instead, by
   * {@code name + desc}: library classes are read once, and their instructions never built.
   */
  static ClassVisitor reading(ClassVisitor next, Map<String, StateFacts> out) {
    return new ClassVisitor(Opcodes.ASM9, next) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
        MethodVisitor node = super.visitMethod(access, name, desc, signature, exceptions);
        StateScanner s = new StateScanner(access, desc);
        return new MethodVisitor(Opcodes.ASM9, s) {
          @Override
          public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return node == null ? null : node.visitAnnotation(descriptor, visible);
          }

          @Override
          public void visitEnd() {
            out.put(name + desc, s.facts());
            if (node != null) {
              node.visitEnd();
            }
          }
        };
      }
    };
  }

  private StateFacts facts() {
    String predicate = body == null ? null : predicate(body.instructions);
    if (real > MAX_WRITER || calls.size() > MAX_CALLS) {
      return predicate == null ? StateFacts.NONE : new StateFacts(predicate, null, List.of());
    }
    if (predicate == null && writes.isEmpty() && calls.isEmpty()) {
      return EMPTY;
    }
    return new StateFacts(predicate, writes, calls);
  }

  @Override
  public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
    real++;
    if (opcode == Opcodes.PUTFIELD && real <= MAX_WRITER && !writes.contains(name)) {
      writes.add(name);
    }
    super.visitFieldInsn(opcode, owner, name, descriptor);
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    real++;
    if (calls.size() <= MAX_CALLS) {
      calls.add(MethodRef.of(owner, name, descriptor));
    }
    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
    real = Integer.MAX_VALUE; // a lambda may store later, from anywhere
    super.visitInvokeDynamicInsn(name, descriptor, bsm, bsmArgs);
  }

  @Override
  public void visitInsn(int opcode) {
    count();
    super.visitInsn(opcode);
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    count();
    super.visitIntInsn(opcode, operand);
  }

  @Override
  public void visitVarInsn(int opcode, int varIndex) {
    count();
    super.visitVarInsn(opcode, varIndex);
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    count();
    super.visitTypeInsn(opcode, type);
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    count();
    super.visitJumpInsn(opcode, label);
  }

  @Override
  public void visitLdcInsn(Object value) {
    count();
    super.visitLdcInsn(value);
  }

  @Override
  public void visitIincInsn(int varIndex, int increment) {
    count();
    super.visitIincInsn(varIndex, increment);
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
    count();
    super.visitTableSwitchInsn(min, max, dflt, labels);
  }

  @Override
  public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
    count();
    super.visitLookupSwitchInsn(dflt, keys, labels);
  }

  @Override
  public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
    count();
    super.visitMultiANewArrayInsn(descriptor, numDimensions);
  }

  private void count() {
    if (real < Integer.MAX_VALUE) {
      real++;
    }
  }

  /** Steps through a {@code ()Z} method with every field of {@code this} at its default. */
  private static String predicate(InsnList insns) {
    ArrayDeque<Object> stack = new ArrayDeque<>();
    TreeSet<String> reads = new TreeSet<>();
    AbstractInsnNode insn = insns.getFirst();
    for (int steps = 0; insn != null && steps < MAX_STEPS; steps++) {
      int op = insn.getOpcode();
      AbstractInsnNode next = insn.getNext();
      if (op < 0) {
        insn = next;
        continue;
      }
      if (op == Opcodes.ALOAD && ((VarInsnNode) insn).var == 0) {
        stack.push(THIS);
      } else if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
        stack.push(op - Opcodes.ICONST_0);
      } else if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) {
        stack.push(((IntInsnNode) insn).operand);
      } else if (op == Opcodes.ACONST_NULL) {
        stack.push(NULL);
      } else if (op == Opcodes.GETFIELD && !stack.isEmpty() && stack.peek() == THIS) {
        stack.pop();
        FieldInsnNode f = (FieldInsnNode) insn;
        reads.add(f.name);
        char c = f.desc.charAt(0);
        stack.push(c == 'L' || c == '[' ? NULL : (Object) 0);
      } else if ((op == Opcodes.IFNULL || op == Opcodes.IFNONNULL) && !stack.isEmpty() && stack.peek() == NULL) {
        stack.pop();
        next = op == Opcodes.IFNULL ? ((JumpInsnNode) insn).label : next;
      } else if ((op == Opcodes.IFEQ || op == Opcodes.IFNE) && !stack.isEmpty() && stack.peek() instanceof Integer v) {
        stack.pop();
        next = (v == 0) == (op == Opcodes.IFEQ) ? ((JumpInsnNode) insn).label : next;
      } else if (op == Opcodes.GOTO) {
        next = ((JumpInsnNode) insn).label;
      } else if (op == Opcodes.IRETURN && stack.size() == 1 && stack.peek() instanceof Integer v && (v == 0 || v == 1)) {
        return String.join(",", reads) + ":" + v;
      } else {
        return null;
      }
      insn = next;
    }
    return null;
  }
}
