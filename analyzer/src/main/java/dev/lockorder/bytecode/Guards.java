package dev.lockorder.bytecode;

import dev.lockorder.ir.FlagGuard;
import dev.lockorder.ir.Guard;
import dev.lockorder.ir.NotTypeGuard;
import dev.lockorder.ir.TypeGuard;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The tests of a parameter that guard code: of its class ({@code if (e instanceof IOException)},
 * {@code if (!(l instanceof Initial)) return;}, and the false side: {@code else p.length()}), of a boolean field of it that the method never
 * writes ({@code if (!optimizedDispatch) wakeup();}), of a boolean getter of it that nothing before
 * could have changed ({@code if (ack.isInTransaction())}), and of its value against a constant ({@link
 * ConstantTests}: {@code switch (event)}, {@code if (mode == CLOSE)}, {@code if (force)}). An instruction is guarded by a test when
 * every path from the entry to it takes one side of the test. A caller that cannot pass such an
 * object (a {@code StandardException}, a {@code null}) never runs that code, and a callee guarded
 * by the other value of the same flag never runs from there.
 */
final class Guards {
  /**
   * Tests kept per method: each costs a walk of the method (fewer only keep more). Sixteen cut
   * tomcat's 49-case {@code action} switch short; 64 costs no measurable time on kafka-clients.
   * 128 since {@code Class.equals} tests are read: orientdb's {@code OType.convert} has 68 tests
   * before its {@code Date} branch, and its catch handler's type tests fell past 64 too.
   */
  static final int MAX_TESTS = 128;
  /** Null tests of a parameter's reference field kept per method, besides the others. */
  static final int MAX_NULL_TESTS = 4;

  private Guards() {}

  /** Per instruction, the guards on it; null when the method tests no parameter. */
  static List<Guard>[] of(MethodNode mn, ControlFlow flow, Frame<AVal>[] frames, Set<String> flagWrites) {
    InsnList insns = mn.instructions;
    int n = insns.size();
    List<int[]> tests = new ArrayList<>(); // instruction, the side taken
    List<Guard> guards = new ArrayList<>();
    for (int i = 0; i < n && tests.size() < MAX_TESTS; i++) {
      AbstractInsnNode insn = insns.get(i);
      int op = insn.getOpcode();
      if (ConstantTests.add(insns, i, frames, tests, guards)) {
        continue;
      }
      if (op != Opcodes.IFNE && op != Opcodes.IFEQ) {
        continue;
      }
      AbstractInsnNode prev = ColdCode.previous(insn);
      boolean typeTest = prev instanceof TypeInsnNode t0 && t0.getOpcode() == Opcodes.INSTANCEOF;
      boolean flagTest = prev instanceof FieldInsnNode f0 && f0.getOpcode() == Opcodes.GETFIELD && f0.desc.equals("Z");
      boolean predicateTest = prev instanceof MethodInsnNode m0 && m0.desc.equals("()Z")
          && (m0.getOpcode() == Opcodes.INVOKEVIRTUAL || m0.getOpcode() == Opcodes.INVOKEINTERFACE);
      if (!typeTest && !flagTest && !predicateTest) {
        continue;
      }
      // The frame before the test's operand instruction: its top is the object tested.
      Frame<AVal> f = frames[insns.indexOf(prev)];
      if (f == null || f.getStackSize() == 0 || !(f.getStack(f.getStackSize() - 1).val() instanceof Val.Param p)) {
        continue;
      }
      int jump = insns.indexOf(((JumpInsnNode) insn).label);
      if (jump == i + 1) {
        continue; // both sides the same instruction: the test guards nothing
      }
      int whenTrue = op == Opcodes.IFNE ? jump : i + 1;
      int whenFalse = op == Opcodes.IFNE ? i + 1 : jump;
      if (prev instanceof TypeInsnNode t && t.getOpcode() == Opcodes.INSTANCEOF) {
        tests.add(new int[] {i, whenTrue});
        guards.add(new TypeGuard(p.index(), t.desc));
        tests.add(new int[] {i, whenFalse});
        guards.add(new NotTypeGuard(p.index(), t.desc));
      } else if (prev instanceof FieldInsnNode fi && fi.getOpcode() == Opcodes.GETFIELD && fi.desc.equals("Z")
          && !flagWrites.contains(fi.name)) {
        tests.add(new int[] {i, whenTrue});
        guards.add(new FlagGuard(p.index(), fi.name, true));
        tests.add(new int[] {i, whenFalse});
        guards.add(new FlagGuard(p.index(), fi.name, false));
      } else if (prev instanceof MethodInsnNode mi) {
        // An object's class never changes: a test after code that may have changed the object is
        // still one its class can decide.
        String name = (Untouched.before(insns, insns.indexOf(prev), frames, p) ? "" : FlagGuard.BY_CLASS) + mi.name;
        tests.add(new int[] {i, whenTrue});
        guards.add(new FlagGuard(p.index(), name + FlagGuard.PREDICATE, true));
        tests.add(new int[] {i, whenFalse});
        guards.add(new FlagGuard(p.index(), name + FlagGuard.PREDICATE, false));
      }
    }
    nullTests(insns, frames, tests, guards);
    if (tests.isEmpty()) {
      return null;
    }
    NullTernaries.add(insns, tests, guards);
    @SuppressWarnings("unchecked")
    List<Guard>[] out = new List[n];
    for (int k = 0; k < tests.size(); k++) {
      BitSet without = flow.reachAvoiding(0, tests.get(k)[0], tests.get(k)[1]);
      for (int i = 0; i < n; i++) {
        if (!without.get(i) && frames[i] != null) {
          if (out[i] == null) {
            out[i] = new ArrayList<>();
          }
          out[i].add(guards.get(k));
        }
      }
    }
    NullTernaries.carryStores(insns, flow, frames, out);
    return out;
  }

  /**
   * Adds the tests of a parameter's reference field against null ({@code if (first == null)}), the
   * first {@value #MAX_NULL_TESTS}, as flags ending in {@link FlagGuard#SET}, their null side only
   * (where the field was found set it may have been set in between, from a caller's view); the
   * summary stage keeps them only for fields that, once set, are never null again.
   */
  private static void nullTests(InsnList insns, Frame<AVal>[] frames, List<int[]> tests, List<Guard> guards) {
    int found = 0;
    for (int i = 0; i < insns.size() && found < MAX_NULL_TESTS; i++) {
      AbstractInsnNode insn = insns.get(i);
      int op = insn.getOpcode();
      if ((op != Opcodes.IFNULL && op != Opcodes.IFNONNULL) || !(ColdCode.previous(insn) instanceof FieldInsnNode fi)
          || fi.getOpcode() != Opcodes.GETFIELD) {
        continue;
      }
      Frame<AVal> f = frames[insns.indexOf(fi)];
      if (f == null || f.getStackSize() == 0 || !(f.getStack(f.getStackSize() - 1).val() instanceof Val.Param p)) {
        continue;
      }
      int jump = insns.indexOf(((JumpInsnNode) insn).label);
      if (jump == i + 1 || !locksOnNullSide(insns, i, jump, op)) {
        continue;
      }
      found++;
      tests.add(new int[] {i, op == Opcodes.IFNONNULL ? i + 1 : jump});
      guards.add(new FlagGuard(p.index(), fi.name + FlagGuard.SET, false));
    }
  }

  /**
   * Whether the code run only when the field is null takes a monitor itself: {@code if (f == null)
   * { synchronized (..) { .. } }}, lazy set-up under a lock. Other null tests are not kept: each
   * costs a walk of the method, and null tests of fields are everywhere.
   */
  private static boolean locksOnNullSide(InsnList insns, int test, int jump, int op) {
    if (op != Opcodes.IFNONNULL || jump < test) {
      return false; // the null side is the fall-through block up to the jump's target
    }
    for (int k = test + 1; k < jump; k++) {
      if (insns.get(k).getOpcode() == Opcodes.MONITORENTER) {
        return true;
      }
    }
    return false;
  }

  /** The names of the boolean fields the method writes. */
  static Set<String> flagWrites(MethodNode mn) {
    Set<String> out = new java.util.TreeSet<>();
    for (AbstractInsnNode insn : mn.instructions) {
      if (insn instanceof FieldInsnNode fi && fi.getOpcode() == Opcodes.PUTFIELD && fi.desc.equals("Z")) {
        out.add(fi.name);
      }
    }
    return out;
  }
}
