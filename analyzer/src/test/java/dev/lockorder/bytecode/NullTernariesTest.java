package dev.lockorder.bytecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lockorder.ir.FlagGuard;
import dev.lockorder.ir.Guard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which null tests take on the guard of a ternary's valued side. javac's two shapes are the
 * fixtures' ({@code flow/FlagThroughNullTernary*}); the shapes that must say nothing are built here.
 */
class NullTernariesTest {
  private static final FlagGuard DISPATCH = new FlagGuard(1, "isDispatch()", true);
  private static final FlagGuard NOT_DISPATCH = new FlagGuard(1, "isDispatch()", false);

  /** {@code x = c.isDispatch() ? value : null; [extra]; if (x != null) return;}, and the test's two sides. */
  private static Built build(List<AbstractInsnNode> value, List<AbstractInsnNode> extra) {
    InsnList insns = new InsnList();
    LabelNode nul = new LabelNode();
    LabelNode join = new LabelNode();
    LabelNode end = new LabelNode();
    insns.add(new VarInsnNode(Opcodes.ALOAD, 1));
    insns.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, "p/Command", "isDispatch", "()Z", true));
    JumpInsnNode cond = new JumpInsnNode(Opcodes.IFEQ, nul);
    insns.add(cond);
    value.forEach(insns::add);
    insns.add(new JumpInsnNode(Opcodes.GOTO, join));
    insns.add(nul);
    insns.add(new InsnNode(Opcodes.ACONST_NULL));
    insns.add(join);
    insns.add(new VarInsnNode(Opcodes.ASTORE, 2));
    extra.forEach(insns::add);
    insns.add(new VarInsnNode(Opcodes.ALOAD, 2));
    JumpInsnNode test = new JumpInsnNode(Opcodes.IFNULL, end);
    insns.add(test);
    insns.add(new InsnNode(Opcodes.NOP));
    insns.add(end);
    insns.add(new InsnNode(Opcodes.RETURN));
    List<int[]> tests = new ArrayList<>();
    List<Guard> guards = new ArrayList<>();
    int c = insns.indexOf(cond);
    tests.add(new int[] {c, c + 1});
    guards.add(DISPATCH);
    tests.add(new int[] {c, insns.indexOf(nul)});
    guards.add(NOT_DISPATCH);
    NullTernaries.add(insns, tests, guards);
    return new Built(insns, insns.indexOf(test), tests, guards);
  }

  private record Built(InsnList insns, int test, List<int[]> tests, List<Guard> guards) {}

  private static List<AbstractInsnNode> load() {
    return new ArrayList<>(List.of(new VarInsnNode(Opcodes.ALOAD, 1)));
  }

  @Test
  void theNonNullSideOfTheTestTakesTheValuedSidesGuard() {
    Built b = build(load(), List.of());
    assertEquals(3, b.tests().size());
    assertEquals(b.test(), b.tests().get(2)[0]);
    assertEquals(b.test() + 1, b.tests().get(2)[1]); // ifnull falls through where x is not null
    assertSame(DISPATCH, b.guards().get(2));
  }

  @Test
  void aCastOnTheValuedSideAndALaterStoreOfNullKeepIt() {
    List<AbstractInsnNode> cast = load();
    cast.add(new TypeInsnNode(Opcodes.CHECKCAST, "p/Dispatch"));
    List<AbstractInsnNode> cleared = List.of(new InsnNode(Opcodes.ACONST_NULL), new VarInsnNode(Opcodes.ASTORE, 2));
    Built b = build(cast, cleared);
    assertEquals(3, b.tests().size());
    assertSame(DISPATCH, b.guards().get(2));
  }

  @Test
  void anotherStoreOfAValueOrAComputedValueSaysNothing() {
    List<AbstractInsnNode> other = List.of(new VarInsnNode(Opcodes.ALOAD, 1), new VarInsnNode(Opcodes.ASTORE, 2));
    assertEquals(2, build(load(), other).tests().size());
    List<AbstractInsnNode> computed = List.of(new VarInsnNode(Opcodes.ALOAD, 1),
        new MethodInsnNode(Opcodes.INVOKEINTERFACE, "p/Command", "next", "()Lp/Command;", true));
    assertEquals(2, build(computed, List.of()).tests().size());
  }
}
