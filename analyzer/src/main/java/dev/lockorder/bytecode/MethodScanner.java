package dev.lockorder.bytecode;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Turns one method's bytecode into its lock facts: runs ASM's analyzer ({@link MethodFrames}) with a
 * {@link PathInterpreter} to learn what each operand is, then keeps only the instructions that
 * matter for locking, linked by the control flow between them.
 */
final class MethodScanner {

  private MethodScanner() {}

  static MethodFacts scan(String owner, MethodNode mn) throws AnalyzerException {
    return scan(owner, mn, null, UncheckedOnly.NONE);
  }

  /** @param offsets the bytecode offset of each real instruction, for a method without line numbers; or null */
  static MethodFacts scan(String owner, MethodNode mn, int[] offsets, UncheckedOnly unchecked)
      throws AnalyzerException {
    MethodRef ref = MethodRef.of(owner, mn.name, mn.desc);
    boolean isStatic = (mn.access & Opcodes.ACC_STATIC) != 0;
    List<String> paramTypes = new ArrayList<>();
    int[] slotToParam = new int[Math.max(mn.maxLocals, 1) + 2];
    java.util.Arrays.fill(slotToParam, -1);
    int slot = 0;
    if (!isStatic) {
      paramTypes.add(owner);
      slotToParam[slot++] = 0;
    }
    for (Type t : Type.getArgumentTypes(mn.desc)) {
      if (slot < slotToParam.length) {
        slotToParam[slot] = paramTypes.size();
      }
      paramTypes.add(PathInterpreter.typeName(t));
      slot += t.getSize();
    }

    InsnList insns = mn.instructions;
    int n = insns.size();
    ControlFlow flow = new ControlFlow(n);
    FirstMatchHandlers handlers = new FirstMatchHandlers(mn, unchecked);
    PathInterpreter interpreter = new PathInterpreter(ref.toString(), slotToParam, insns).locals(LocalTypes.of(mn));
    Frame<AVal>[] frames = MethodFrames.of(owner, mn, interpreter, flow, handlers);
    java.util.BitSet cold = ColdCode.of(mn, flow);
    java.util.Set<String> flagWrites = Guards.flagWrites(mn);
    List<dev.lockorder.ir.Guard>[] guards = Guards.of(mn, flow, frames, flagWrites);
    TakenFlags taken = TakenFlags.of(mn);

    // Which instructions become nodes, and their lines.
    int[] nodeOf = new int[n];
    java.util.Arrays.fill(nodeOf, -1);
    int[] lastNodeOf = new int[n]; // an instruction's own node, after the conversions it runs first
    java.util.Arrays.fill(lastNodeOf, -1);
    List<Node> nodes = new ArrayList<>();
    List<Integer> nodeInsn = new ArrayList<>();
    List<FieldStore> stores = new ArrayList<>();
    nodes.add(null); // entry, filled below
    nodeInsn.add(-1);
    int line = -1;
    int[] lineAt = new int[n];
    int ordinal = -1; // of the real instruction in the class file, for its offset
    java.util.Set<String> initialized = new java.util.HashSet<>(); // classes whose first touch has a node
    for (int i = 0; i < n; i++) {
      AbstractInsnNode insn = insns.get(i);
      if (insn instanceof LineNumberNode ln) {
        line = ln.line;
      }
      if (insn.getOpcode() >= 0) {
        ordinal++;
      }
      lineAt[i] = line;
      Frame<AVal> f = frames[i];
      if (f == null || cold.get(i)) {
        continue; // unreachable, or only after the JVM failed
      }
      Op op = taken == null ? opOf(insn, f) : taken.op(i, insn, f, lastNodeOf);
      if (op == null) {
        op = ClassInits.trigger(insn, owner, initialized);
      }
      int offset = offsets != null && ordinal >= 0 && ordinal < offsets.length ? offsets[ordinal] : -1;
      int operands = StringConversions.operandCount(insn);
      if (operands >= 0) {
        // Conversions run before the instruction's own effect: nodes of one instruction, in a row.
        for (Op call : StringConversions.calls(insn, top(f, operands))) {
          if (nodeOf[i] < 0) {
            nodeOf[i] = nodes.size();
          }
          nodes.add(new Node(call, line, offset, null));
          nodeInsn.add(i);
        }
      }
      if (op != null) {
        if (nodeOf[i] < 0) {
          nodeOf[i] = nodes.size();
        }
        nodes.add(new Node(op, line, offset, null));
        nodeInsn.add(i);
        lastNodeOf[i] = nodes.size() - 1;
      }
      int before = stores.size();
      storeOf(insn, f, ref, stores, guardsAt(guards, i));
      if (!isStatic && stores.size() > before && insn.getOpcode() == Opcodes.PUTFIELD && !mn.name.equals("<init>")
          && stores.get(before).value() instanceof Val.Param && FirstStores.intoThis(f)
          && FirstStores.once(insns, flow, frames, i)) {
        FieldStore st = stores.get(before);
        stores.set(before, new FieldStore(st.owner(), st.name(), st.base(), st.value(), st.method(), true));
      }
      if (!isStatic && stores.size() > before && insn.getOpcode() == Opcodes.PUTFIELD
          && stores.get(before).value() instanceof Val.New && FirstStores.intoThis(f)
          && FirstStores.always(insns, flow, i)) {
        FieldStore st = stores.get(before);
        stores.set(before, new FieldStore(st.owner(), st.name(), st.base(), st.value(), st.method(), st.once(), true));
      }
      if (stores.size() > before && mn.name.equals("<init>") && insn.getOpcode() == Opcodes.PUTFIELD
          && ((FieldInsnNode) insn).desc.equals("Z") && stores.get(before).value() instanceof Val.Param
          && FirstStores.intoThis(f) && FirstStores.always(insns, flow, i)) {
        // A constructor's flag from its argument on every path: the object holds what its maker passed.
        FieldStore st = stores.get(before);
        stores.set(before, new FieldStore(st.owner(), st.name(), st.base(), st.value(), st.method(), st.once(), true,
            st.when()));
      }
    }

    // Successors between nodes, skipping instructions that are not nodes.
    List<Node> linked = new ArrayList<>(nodes.size());
    linked.add(new Node(new Op.Entry(), firstLine(lineAt), offsets != null ? 0 : -1, flow.reach(new int[] {0}, nodeOf)));
    for (int k = 1; k < nodes.size(); k++) {
      int at = nodeInsn.get(k);
      Node old = nodes.get(k);
      int[] exc = flow.reach(flow.targets(at, true), nodeOf);
      if (k + 1 < nodes.size() && nodeInsn.get(k + 1) == at) {
        linked.add(new Node(old.op(), old.line(), old.offset(), new int[] {k + 1}, new int[0], exc, guardsAt(guards, at)));
      } else if (old.op() instanceof Op.Test) {
        int jump = insns.indexOf(((JumpInsnNode) insns.get(at)).label);
        int[] toJump = flow.reach(new int[] {jump}, nodeOf);
        int[] toNext = flow.reach(new int[] {at + 1}, nodeOf);
        // IFNE and IFNONNULL jump when the value is true or non-null; IFEQ and IFNULL fall through then.
        boolean jumpsWhenTrue = insns.get(at).getOpcode() == Opcodes.IFNE
            || insns.get(at).getOpcode() == Opcodes.IFNONNULL || insns.get(at).getOpcode() == Opcodes.IF_ACMPEQ;
        linked.add(new Node(old.op(), old.line(), old.offset(), jumpsWhenTrue ? toJump : toNext, jumpsWhenTrue ? toNext : toJump,
            exc, guardsAt(guards, at)));
      } else {
        linked.add(new Node(old.op(), old.line(), old.offset(), flow.reach(flow.targets(at, false), nodeOf), new int[0], exc,
            guardsAt(guards, at)));
      }
    }
    return new MethodFacts(ref, mn.access, paramTypes, linked, stores, interpreter.merged(), flagWrites,
        interpreter.joins.values(), Counters.of(mn, flow, frames, nodeOf), Winnings.of(mn, flow, frames), handles(mn));
  }

  /** The methods whose handles the code takes: bootstrap arguments of an invokedynamic, ldc constants. */
  private static java.util.Set<MethodRef> handles(MethodNode mn) {
    java.util.Set<MethodRef> out = new java.util.TreeSet<>();
    for (AbstractInsnNode insn : mn.instructions) {
      if (insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode indy) {
        for (Object a : indy.bsmArgs) {
          if (a instanceof org.objectweb.asm.Handle h) {
            out.add(MethodRef.of(h.getOwner(), h.getName(), h.getDesc()));
          }
        }
      } else if (insn instanceof org.objectweb.asm.tree.LdcInsnNode ldc && ldc.cst instanceof org.objectweb.asm.Handle h) {
        out.add(MethodRef.of(h.getOwner(), h.getName(), h.getDesc()));
      }
    }
    return out.isEmpty() ? java.util.Set.of() : out;
  }

  private static List<dev.lockorder.ir.Guard> guardsAt(List<dev.lockorder.ir.Guard>[] guards, int insn) {
    return guards == null || guards[insn] == null ? List.of() : guards[insn];
  }

  private static int firstLine(int[] lineAt) {
    for (int l : lineAt) {
      if (l >= 0) {
        return l;
      }
    }
    return -1;
  }

  private static List<Val> top(Frame<AVal> f, int count) {
    List<Val> out = new ArrayList<>(count);
    int size = f.getStackSize();
    for (int i = size - count; i < size; i++) {
      out.add(f.getStack(i).val());
    }
    return out;
  }

  static Op opOf(AbstractInsnNode insn, Frame<AVal> f) {
    switch (insn.getOpcode()) {
      case Opcodes.MONITORENTER:
        return new Op.MonitorEnter(top(f, 1).get(0));
      case Opcodes.MONITOREXIT:
        return new Op.MonitorExit(top(f, 1).get(0));
      case Opcodes.INVOKEVIRTUAL: case Opcodes.INVOKESPECIAL: case Opcodes.INVOKESTATIC:
      case Opcodes.INVOKEINTERFACE: {
        MethodInsnNode m = (MethodInsnNode) insn;
        int argc = Type.getArgumentTypes(m.desc).length + (insn.getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        String kind = switch (insn.getOpcode()) {
          case Opcodes.INVOKESTATIC -> "static";
          case Opcodes.INVOKESPECIAL -> "special";
          case Opcodes.INVOKEINTERFACE -> "interface";
          default -> "virtual";
        };
        if (kind.equals("static") && m.name.equals("closeFinally")
            && (m.owner.equals("kotlin/io/CloseableKt") || m.owner.equals("kotlin/AutoCloseableKt"))) {
          // Kotlin's use { } closes its resource inside the standard library, whose code is not read.
          String type = m.owner.equals("kotlin/io/CloseableKt") ? "java/io/Closeable" : "java/lang/AutoCloseable";
          return new Op.Invoke(MethodRef.of(type, "close", "()V"), "interface", top(f, argc).subList(0, 1));
        }
        return new Op.Invoke(MethodRef.of(m.owner, m.name, m.desc), kind, top(f, argc));
      }
      case Opcodes.ARETURN:
        return new Op.Return(top(f, 1).get(0));
      case Opcodes.IFEQ: case Opcodes.IFNE: case Opcodes.IFNULL: case Opcodes.IFNONNULL: {
        // Only a call's own result can say whether the call took its lock (tryLock, a handle).
        Val v = top(f, 1).get(0);
        return v instanceof Val.Call ? new Op.Test(v) : null;
      }
      case Opcodes.IF_ACMPEQ: case Opcodes.IF_ACMPNE: {
        // A call's result against a constant (an atomic's old state against CLOSED): a one-winner gate.
        List<Val> two = top(f, 2);
        Val call = two.get(0) instanceof Val.Call ? two.get(0) : two.get(1);
        Val other = call == two.get(0) ? two.get(1) : two.get(0);
        return call instanceof Val.Call && other instanceof Val.Static ? new Op.Test(Op.Test.same(call, other)) : null;
      }
      case Opcodes.IRETURN: {
        // A call's int-sized result handed back (a boolean among them) can say, as tryLock's does,
        // whether a lock is held; other values are not kept.
        Val v = top(f, 1).get(0);
        return new Op.Return(v instanceof Val.Call ? v : null);
      }
      case Opcodes.RETURN: case Opcodes.LRETURN: case Opcodes.FRETURN: case Opcodes.DRETURN:
        return new Op.Return(null);
      default:
        return null;
    }
  }

  private static void storeOf(AbstractInsnNode insn, Frame<AVal> f, MethodRef ref, List<FieldStore> stores,
      List<dev.lockorder.ir.Guard> guards) {
    int op = insn.getOpcode();
    if (op != Opcodes.PUTFIELD && op != Opcodes.PUTSTATIC) {
      return;
    }
    FieldInsnNode fi = (FieldInsnNode) insn;
    char c = fi.desc.charAt(0);
    if (c != 'L' && c != '[') {
      if (op == Opcodes.PUTFIELD && "ISBCZ".indexOf(c) >= 0) {
        // An int code or a boolean flag: a constructor's from its argument or a constant (a type's
        // code, a scan's direction, an operation's read flag), with the flags it is stored under,
        // which callers' constants decide; any other store only as the constant it is, or as unknown.
        List<Val> t = top(f, 2);
        boolean ctor = ref.name().equals("<init>") && t.get(0) instanceof Val.Param self && self.index() == 0;
        Val v = t.get(1) instanceof Val.Const || ctor && t.get(1) instanceof Val.Param ? t.get(1)
            : new Val.Unknown(fi.desc);
        List<dev.lockorder.ir.FlagGuard> when = new ArrayList<>();
        for (dev.lockorder.ir.Guard g : ctor ? guards : List.<dev.lockorder.ir.Guard>of()) {
          if (g instanceof dev.lockorder.ir.FlagGuard fg && fg.field().startsWith("=")) {
            when.add(fg);
          }
        }
        stores.add(new FieldStore(fi.owner.intern(), fi.name.intern(), t.get(0), v, ref, false, false,
            List.copyOf(when)));
      }
      return;
    }
    if (op == Opcodes.PUTSTATIC) {
      stores.add(new FieldStore(fi.owner.intern(), fi.name.intern(), null, top(f, 1).get(0), ref));
    } else {
      List<Val> t = top(f, 2);
      stores.add(new FieldStore(fi.owner.intern(), fi.name.intern(), t.get(0), t.get(1), ref));
    }
  }
}
