package dev.lockorder.bytecode;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The JVM's choice of exception handler: the first entry of the exception table that covers the
 * instruction and matches the exception. An entry behind a covering catch-any (what {@code
 * synchronized} and {@code finally} compile to), a {@code Throwable} catch, or a catch of the same
 * type can never be chosen for that instruction, so it gets no edge: the lock that the catch-any
 * releases is never held in an enclosing {@code catch}. Subtypes are not compared (the JDK's
 * exception hierarchy is not read), so a {@code catch (Exception e)} in front of a {@code catch
 * (IOException e)} still lets both be entered: imprecise, never unsound.
 */
final class FirstMatchHandlers {
  private final org.objectweb.asm.tree.InsnList instructions;
  private final List<TryCatchBlockNode> table;
  private final int[] start;
  private final int[] end;

  private final UncheckedOnly unchecked;

  FirstMatchHandlers(MethodNode mn, UncheckedOnly unchecked) {
    this.unchecked = unchecked;
    this.instructions = mn.instructions;
    this.table = mn.tryCatchBlocks;
    this.start = new int[table.size()];
    this.end = new int[table.size()];
    for (int i = 0; i < table.size(); i++) {
      start[i] = mn.instructions.indexOf(table.get(i).start);
      end[i] = mn.instructions.indexOf(table.get(i).end);
    }
  }

  boolean reachable(int insn, TryCatchBlockNode tcb) {
    int opcode = instructions.get(insn).getOpcode();
    if (!canThrow(opcode) || !callsOrThrows(opcode) && !catchesJvmRaised(tcb.type)) {
      return false;
    }
    if (UncheckedOnly.broad(tcb.type) && unchecked.at(instructions.get(insn))) {
      return false; // only a failure reaches this safety net from here (UncheckedOnly)
    }
    for (int i = 0; i < table.size(); i++) {
      TryCatchBlockNode earlier = table.get(i);
      if (earlier == tcb) {
        return true;
      }
      if (insn >= start[i] && insn < end[i] && catchesAll(earlier, tcb)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether an instruction can throw at all. Local loads and stores, constants, stack shuffles,
   * branches and plain arithmetic cannot: javac's exception ranges cover them too, and an edge
   * from the {@code ifeq} right after {@code tryLock()} would carry the lock into a handler that
   * the failure branch never reaches with it.
   */
  private static boolean canThrow(int opcode) {
    if (opcode < 0) {
      return false; // labels, line numbers, frames
    }
    if (opcode == Opcodes.IDIV || opcode == Opcodes.LDIV || opcode == Opcodes.IREM || opcode == Opcodes.LREM) {
      return true;
    }
    return !(opcode <= Opcodes.SALOAD && (opcode < Opcodes.IALOAD)          // nop, constants, loads
        || opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE
        || opcode >= Opcodes.POP && opcode <= Opcodes.DCMPG                // stack, arithmetic, compares
        || opcode >= Opcodes.IFEQ && opcode <= Opcodes.LOOKUPSWITCH        // branches, goto, switches
        || opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN);
  }

  private static boolean callsOrThrows(int opcode) {
    return opcode >= Opcodes.INVOKEVIRTUAL && opcode <= Opcodes.INVOKEDYNAMIC || opcode == Opcodes.ATHROW;
  }

  /**
   * Whether a handler of {@code type} can catch what an instruction that neither calls nor throws
   * raises: only the JVM's own exceptions (a null dereference, an index, a cast, an array store,
   * division by zero, a monitor state) and errors, so only their JDK superclasses and the errors
   * catch it. A {@code catch (InterruptedException e)} or an application's exception around a
   * {@code tryLock} is entered from the calls alone, never with the lock that the field read
   * after it runs under (artemis's helper returning the lock it holds, or null).
   */
  private static boolean catchesJvmRaised(String type) {
    return type == null || JVM_RAISED.contains(type) || type.startsWith("java/lang/") && type.endsWith("Error");
  }

  private static final java.util.Set<String> JVM_RAISED = java.util.Set.of("java/lang/Throwable",
      "java/lang/Exception", "java/lang/RuntimeException", "java/lang/NullPointerException",
      "java/lang/ArithmeticException", "java/lang/ArrayIndexOutOfBoundsException",
      "java/lang/IndexOutOfBoundsException", "java/lang/ArrayStoreException", "java/lang/ClassCastException",
      "java/lang/NegativeArraySizeException", "java/lang/IllegalMonitorStateException");

  /** Whether {@code first} catches every exception {@code later} could. */
  private static boolean catchesAll(TryCatchBlockNode first, TryCatchBlockNode later) {
    return first.type == null || first.type.equals("java/lang/Throwable") || first.type.equals(later.type);
  }
}
