package dev.lockorder.bytecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Kotlin's {@code use { }} ends in {@code kotlin.io.CloseableKt.closeFinally(resource, cause)},
 * standard-library code the analyzer does not read: it is read as the resource's {@code close()}.
 * The class is built with ASM, as kotlinc would compile it; javac cannot without the library.
 */
class KotlinUseTest {
  private static List<Op> ops(String owner) throws Exception {
    MethodNode mn = new MethodNode(Opcodes.ACC_STATIC, "use", "(Ljava/io/Closeable;)V", null, null);
    mn.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
    mn.instructions.add(new InsnNode(Opcodes.ACONST_NULL));
    mn.instructions.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner, "closeFinally",
        "(Ljava/io/Closeable;Ljava/lang/Throwable;)V", false));
    mn.instructions.add(new InsnNode(Opcodes.RETURN));
    mn.maxStack = 2;
    mn.maxLocals = 1;
    ClassNode cn = new ClassNode();
    cn.name = "p/Cache";
    cn.superName = "java/lang/Object";
    cn.methods.add(mn);
    MethodFacts mf = MethodScanner.scan(cn.name, mn, null, UncheckedOnly.of(cn));
    return mf.nodes().stream().map(n -> n.op()).toList();
  }

  @Test
  void closeFinally_isTheResourcesClose() throws Exception {
    Op.Invoke close = (Op.Invoke) ops("kotlin/io/CloseableKt").stream().filter(o -> o instanceof Op.Invoke).findFirst()
        .orElseThrow();
    assertEquals("java/io/Closeable.close()V", close.method().toString());
    assertEquals("interface", close.kind());
    assertEquals(1, close.args().size());
    assertTrue(close.args().get(0) instanceof Val.Param p && p.index() == 0, close::toString);
  }

  @Test
  void anotherStaticCall_staysWhatItIs() throws Exception {
    Op.Invoke call = (Op.Invoke) ops("p/Util").stream().filter(o -> o instanceof Op.Invoke).findFirst().orElseThrow();
    assertEquals("closeFinally", call.method().name());
    assertEquals("static", call.kind());
  }
}
