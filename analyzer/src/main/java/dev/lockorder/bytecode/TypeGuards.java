package dev.lockorder.bytecode;

import dev.lockorder.ir.TypeGuard;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The tests of a parameter's class that guard code: {@code if (e instanceof IOException) { ... }}
 * or {@code if (!(l instanceof Initial)) return;}. An instruction is guarded by a test when every
 * path from the entry to it takes the test's true side. A caller that cannot pass such an object
 * (a {@code StandardException}, a {@code null}) never runs that code.
 */
final class TypeGuards {
  private static final int MAX_TESTS = 16;

  private TypeGuards() {}

  /** Per instruction, the guards on it; null when the method tests no parameter's class. */
  static List<TypeGuard>[] of(MethodNode mn, ControlFlow flow, Frame<AVal>[] frames) {
    InsnList insns = mn.instructions;
    int n = insns.size();
    List<int[]> tests = new ArrayList<>(); // instruction, its true side
    List<TypeGuard> guards = new ArrayList<>();
    for (int i = 0; i < n && tests.size() < MAX_TESTS; i++) {
      AbstractInsnNode insn = insns.get(i);
      int op = insn.getOpcode();
      if ((op == Opcodes.IFNE || op == Opcodes.IFEQ) && ColdCode.previous(insn) instanceof TypeInsnNode t
          && t.getOpcode() == Opcodes.INSTANCEOF) {
        Frame<AVal> f = frames[insns.indexOf(t)];
        if (f != null && f.getStack(f.getStackSize() - 1).val() instanceof Val.Param p) {
          int jump = insns.indexOf(((JumpInsnNode) insn).label);
          tests.add(new int[] {i, op == Opcodes.IFNE ? jump : i + 1});
          guards.add(new TypeGuard(p.index(), t.desc));
        }
      }
    }
    if (tests.isEmpty()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    List<TypeGuard>[] out = new List[n];
    for (int k = 0; k < tests.size(); k++) {
      BitSet without = reach(n, flow, tests.get(k)[0], tests.get(k)[1]);
      for (int i = 0; i < n; i++) {
        if (!without.get(i) && frames[i] != null) {
          if (out[i] == null) {
            out[i] = new ArrayList<>();
          }
          out[i].add(guards.get(k));
        }
      }
    }
    return out;
  }

  /** The instructions reachable from the entry without taking the edge from {@code at} to {@code side}. */
  private static BitSet reach(int n, ControlFlow flow, int at, int side) {
    BitSet seen = new BitSet(n);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.push(0);
    while (!work.isEmpty()) {
      int i = work.pop();
      if (i < 0 || i >= n || seen.get(i)) {
        continue;
      }
      seen.set(i);
      for (int s : flow.targets(i, false)) {
        if (i != at || s != side) {
          work.push(s);
        }
      }
      for (int s : flow.targets(i, true)) {
        work.push(s);
      }
    }
    return seen;
  }
}
