package dev.lockorder.bytecode;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Turns one method's bytecode into its lock facts: runs ASM's {@link Analyzer} with a
 * {@link PathInterpreter} to learn what each operand is, then keeps only the instructions that
 * matter for locking, linked by the control flow between them.
 */
final class MethodScanner {

  private MethodScanner() {}

  /** Method references are shared across all classes: the same callees appear everywhere. */
  private static final java.util.concurrent.ConcurrentHashMap<MethodRef, MethodRef> REFS =
      new java.util.concurrent.ConcurrentHashMap<>();

  static MethodRef ref(String owner, String name, String desc) {
    MethodRef r = new MethodRef(owner, name, desc);
    MethodRef shared = REFS.get(r);
    if (shared != null) {
      return shared;
    }
    r = new MethodRef(owner.intern(), name.intern(), desc.intern());
    shared = REFS.putIfAbsent(r, r);
    return shared != null ? shared : r;
  }

  static MethodFacts scan(String owner, MethodNode mn) throws AnalyzerException {
    MethodRef ref = ref(owner, mn.name, mn.desc);
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
    List<int[]> succ = new ArrayList<>(n);
    int[][] edges = new int[n][];
    int[] edgeCount = new int[n];
    Analyzer<AVal> analyzer = new Analyzer<>(new PathInterpreter(ref.toString(), slotToParam, insns)) {
      @Override
      protected void newControlFlowEdge(int insn, int successor) {
        add(insn, successor);
      }

      @Override
      protected boolean newControlFlowExceptionEdge(int insn, int successor) {
        add(insn, successor);
        return true;
      }

      private void add(int insn, int successor) {
        int[] e = edges[insn];
        if (e == null) {
          e = edges[insn] = new int[2];
        } else if (edgeCount[insn] == e.length) {
          e = edges[insn] = java.util.Arrays.copyOf(e, e.length * 2);
        }
        for (int i = 0; i < edgeCount[insn]; i++) {
          if (e[i] == successor) {
            return;
          }
        }
        e[edgeCount[insn]++] = successor;
      }
    };
    Frame<AVal>[] frames = analyzer.analyze(owner, mn);

    // Which instructions become nodes, and their lines.
    int[] nodeOf = new int[n];
    java.util.Arrays.fill(nodeOf, -1);
    List<Node> nodes = new ArrayList<>();
    List<Integer> nodeInsn = new ArrayList<>();
    List<FieldStore> stores = new ArrayList<>();
    nodes.add(null); // entry, filled below
    nodeInsn.add(-1);
    int line = -1;
    int[] lineAt = new int[n];
    for (int i = 0; i < n; i++) {
      AbstractInsnNode insn = insns.get(i);
      if (insn instanceof LineNumberNode ln) {
        line = ln.line;
      }
      lineAt[i] = line;
      Frame<AVal> f = frames[i];
      if (f == null) {
        continue; // unreachable
      }
      Op op = opOf(insn, f);
      if (op != null) {
        nodeOf[i] = nodes.size();
        nodes.add(new Node(op, line, null));
        nodeInsn.add(i);
      }
      storeOf(insn, f, ref, stores);
    }

    // Successors between nodes, skipping instructions that are not nodes.
    List<Node> linked = new ArrayList<>(nodes.size());
    for (int k = 0; k < nodes.size(); k++) {
      int start = nodeInsn.get(k);
      int[] next = k == 0 ? reach(new int[] {0}, 1, nodeOf, edges, edgeCount, n, true)
          : reach(edges[start], edgeCount[start], nodeOf, edges, edgeCount, n, false);
      Node old = nodes.get(k);
      linked.add(k == 0 ? new Node(new Op.Entry(), lineAt.length > 0 ? firstLine(lineAt) : -1, next)
          : new Node(old.op(), old.line(), next));
    }
    return new MethodFacts(ref, mn.access, paramTypes, linked, stores);
  }

  private static int firstLine(int[] lineAt) {
    for (int l : lineAt) {
      if (l >= 0) {
        return l;
      }
    }
    return -1;
  }

  private static int[] reach(int[] starts, int count, int[] nodeOf, int[][] edges, int[] edgeCount, int n,
      boolean fromEntry) {
    if (starts == null || n == 0) {
      return new int[0];
    }
    BitSet seen = new BitSet(n);
    BitSet found = new BitSet();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    for (int i = 0; i < count; i++) {
      work.push(starts[i]);
    }
    while (!work.isEmpty()) {
      int i = work.pop();
      if (i < 0 || i >= n || seen.get(i)) {
        continue;
      }
      seen.set(i);
      if (nodeOf[i] >= 0) {
        found.set(nodeOf[i]);
        continue;
      }
      int[] e = edges[i];
      for (int j = 0; j < edgeCount[i]; j++) {
        work.push(e[j]);
      }
    }
    return found.stream().toArray();
  }

  private static List<Val> top(Frame<AVal> f, int count) {
    List<Val> out = new ArrayList<>(count);
    int size = f.getStackSize();
    for (int i = size - count; i < size; i++) {
      out.add(f.getStack(i).val());
    }
    return out;
  }

  private static Op opOf(AbstractInsnNode insn, Frame<AVal> f) {
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
        return new Op.Invoke(ref(m.owner, m.name, m.desc), kind, top(f, argc));
      }
      case Opcodes.ARETURN:
        return new Op.Return(top(f, 1).get(0));
      case Opcodes.RETURN: case Opcodes.IRETURN: case Opcodes.LRETURN: case Opcodes.FRETURN:
      case Opcodes.DRETURN:
        return new Op.Return(null);
      default:
        return null;
    }
  }

  private static void storeOf(AbstractInsnNode insn, Frame<AVal> f, MethodRef ref, List<FieldStore> stores) {
    int op = insn.getOpcode();
    if (op != Opcodes.PUTFIELD && op != Opcodes.PUTSTATIC) {
      return;
    }
    FieldInsnNode fi = (FieldInsnNode) insn;
    char c = fi.desc.charAt(0);
    if (c != 'L' && c != '[') {
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
