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
    if (!callsOrThrows(opcode)) {
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
   * Whether an instruction raises exceptions other than the JVM's own (a null dereference, an
   * index, a cast, an array store, division by zero, a monitor's state) and errors: only calls and
   * {@code athrow} do. The JVM's own are programming errors, and their paths are not followed: a
   * {@code catch (InterruptedException e)} around a {@code tryLock} is entered from the call alone,
   * never with the lock the field read after it runs under, and neither is a {@code finally}
   * that would rethrow into it (artemis's helper returning the lock it holds, or null).
   */
  private static boolean callsOrThrows(int opcode) {
    return opcode >= Opcodes.INVOKEVIRTUAL && opcode <= Opcodes.INVOKEDYNAMIC || opcode == Opcodes.ATHROW;
  }

  /** Whether {@code first} catches every exception {@code later} could. */
  private static boolean catchesAll(TryCatchBlockNode first, TryCatchBlockNode later) {
    return first.type == null || first.type.equals("java/lang/Throwable") || first.type.equals(later.type);
  }
}
