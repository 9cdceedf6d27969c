package dev.lockorder.bytecode;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Boolean locals that record whether the method took a lock: {@code stamp = readLock();
 * acquiredReadLock = true;}, later {@code if (!acquiredReadLock && !validate(stamp)) readLock();}
 * (bookkeeper's {@code ConcurrentLongHashMap.Section.forEach}). A local qualifies when every store
 * into its slot is the constant 0 or 1 and nothing increments it; then each store of 1 that follows
 * a call or a {@code monitorenter} in straight-line code says the lock just taken is held only
 * where the local is true, each store of 0 ends that, and each {@code if} on the local is a test of
 * it (the summary stage's {@code Op.TakenFlag} and {@code Op.Test}).
 */
final class TakenFlags {
  /** The store's slot, value and the instruction that took the lock (-1: none), per store instruction. */
  record Store(int slot, boolean value, int takenAt) {}

  final Map<Integer, Store> stores = new HashMap<>();
  /** Per {@code ifeq}/{@code ifne} instruction, the slot of the flag it tests. */
  final Map<Integer, Integer> tests = new HashMap<>();

  private TakenFlags() {}

  /** The taken flags of {@code mn}; null when it has none. */
  static TakenFlags of(MethodNode mn) {
    InsnList insns = mn.instructions;
    BitSet targets = targets(mn);
    Set<Integer> candidates = new HashSet<>();
    Set<Integer> spoiled = new HashSet<>();
    boolean anyOne = false;
    for (AbstractInsnNode insn : insns) {
      if (insn instanceof IincInsnNode inc) {
        spoiled.add(inc.var);
      } else if (insn.getOpcode() == Opcodes.ISTORE) {
        int slot = ((VarInsnNode) insn).var;
        int c = constant(ColdCode.previous(insn));
        if (c < 0 || !straightBefore(insns, insn, targets)) {
          spoiled.add(slot);
        } else {
          candidates.add(slot);
          anyOne |= c == 1;
        }
      }
    }
    candidates.removeAll(spoiled);
    if (candidates.isEmpty() || !anyOne) {
      return null;
    }
    TakenFlags out = new TakenFlags();
    for (int i = 0; i < insns.size(); i++) {
      AbstractInsnNode insn = insns.get(i);
      if (insn.getOpcode() == Opcodes.ISTORE && candidates.contains(((VarInsnNode) insn).var)) {
        AbstractInsnNode c = ColdCode.previous(insn);
        boolean one = constant(c) == 1;
        out.stores.put(i, new Store(((VarInsnNode) insn).var, one, one ? takenBefore(insns, c, targets) : -1));
      } else if ((insn.getOpcode() == Opcodes.IFEQ || insn.getOpcode() == Opcodes.IFNE)
          && ColdCode.previous(insn) instanceof VarInsnNode load && load.getOpcode() == Opcodes.ILOAD
          && candidates.contains(load.var) && straightBefore(insns, insn, targets)) {
        out.tests.put(i, load.var);
      }
    }
    return out;
  }

  /**
   * The event at instruction {@code i}: a store into or a test of a taken flag, else what {@link
   * MethodScanner#opOf} says. {@code lastNodeOf} gives the node of each instruction scanned before.
   */
  dev.lockorder.ir.Op op(int i, AbstractInsnNode insn, org.objectweb.asm.tree.analysis.Frame<AVal> f,
      int[] lastNodeOf) {
    Store st = stores.get(i);
    if (st != null) {
      return new dev.lockorder.ir.Op.TakenFlag(st.slot(), st.value(), st.takenAt() < 0 ? -1 : lastNodeOf[st.takenAt()]);
    }
    Integer tested = tests.get(i);
    return tested != null ? new dev.lockorder.ir.Op.Test(dev.lockorder.ir.Op.TakenFlag.of(tested))
        : MethodScanner.opOf(insn, f);
  }

  /** 0 or 1 for {@code iconst_0}/{@code iconst_1}; -1 for anything else. */
  private static int constant(AbstractInsnNode insn) {
    int op = insn == null ? -1 : insn.getOpcode();
    return op == Opcodes.ICONST_0 ? 0 : op == Opcodes.ICONST_1 ? 1 : -1;
  }

  /**
   * The call or {@code monitorenter} that the constant {@code c} follows with nothing in between
   * but local loads and stores and no branch arriving; -1 when there is none.
   */
  private static int takenBefore(InsnList insns, AbstractInsnNode c, BitSet targets) {
    for (AbstractInsnNode p = c.getPrevious(); p != null; p = p.getPrevious()) {
      if (p instanceof LabelNode && targets.get(insns.indexOf(p))) {
        return -1;
      }
      int op = p.getOpcode();
      if (op < 0) {
        continue; // a label no branch reaches, a line number, a frame
      }
      if (op == Opcodes.MONITORENTER || op >= Opcodes.INVOKEVIRTUAL && op <= Opcodes.INVOKEINTERFACE) {
        return insns.indexOf(p);
      }
      boolean local = op >= Opcodes.ILOAD && op <= Opcodes.ALOAD || op >= Opcodes.ISTORE && op <= Opcodes.ASTORE;
      if (!local && op != Opcodes.POP && op != Opcodes.POP2) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Whether the instruction before {@code insn} reaches it only by falling through: no branch,
   * switch or handler lands between them, so the constant or load before it is what it sees.
   */
  private static boolean straightBefore(InsnList insns, AbstractInsnNode insn, BitSet targets) {
    for (AbstractInsnNode p = insn.getPrevious(); p != null && p.getOpcode() < 0; p = p.getPrevious()) {
      if (p instanceof LabelNode && targets.get(insns.indexOf(p))) {
        return false;
      }
    }
    return true;
  }

  /** The labels some branch, switch or handler goes to, by instruction index. */
  private static BitSet targets(MethodNode mn) {
    BitSet out = new BitSet();
    InsnList insns = mn.instructions;
    for (AbstractInsnNode insn : insns) {
      if (insn instanceof JumpInsnNode j) {
        out.set(insns.indexOf(j.label));
      } else if (insn instanceof TableSwitchInsnNode t) {
        out.set(insns.indexOf(t.dflt));
        t.labels.forEach(l -> out.set(insns.indexOf(l)));
      } else if (insn instanceof LookupSwitchInsnNode s) {
        out.set(insns.indexOf(s.dflt));
        s.labels.forEach(l -> out.set(insns.indexOf(l)));
      }
    }
    for (TryCatchBlockNode tc : mn.tryCatchBlocks) {
      out.set(insns.indexOf(tc.handler));
    }
    return out;
  }
}
