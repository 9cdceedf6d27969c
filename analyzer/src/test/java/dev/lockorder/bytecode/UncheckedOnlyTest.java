package dev.lockorder.bytecode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which instructions only a failure can carry into a safety-net catch. The fixtures
 * ({@code flow/SafetyNetCatch*}) are javac's; the Kotlin case needs a class javac cannot write.
 */
class UncheckedOnlyTest {
  private static ClassNode owner(String annotation) {
    ClassNode cn = new ClassNode();
    cn.name = "p/Owner";
    cn.methods.add(new MethodNode(Opcodes.ACC_PUBLIC, "destroy", "()V", null, null));
    cn.methods.add(new MethodNode(Opcodes.ACC_PUBLIC, "flush", "()V", null, new String[] {"java/io/IOException"}));
    if (annotation != null) {
      cn.visibleAnnotations = List.of(new AnnotationNode(annotation));
    }
    return cn;
  }

  private static MethodInsnNode call(String owner, String name) {
    return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, owner, name, "()V", false);
  }

  @Test
  void aCallToOwnMethodDeclaringNothingThrowsOnlyUnchecked() {
    UncheckedOnly u = UncheckedOnly.of(owner(null));
    assertTrue(u.at(call("p/Owner", "destroy")));
    assertTrue(u.at(new InsnNode(Opcodes.MONITORENTER)));
  }

  @Test
  void aDeclaredExceptionAnotherClassOrAThrowMayBeChecked() {
    UncheckedOnly u = UncheckedOnly.of(owner(null));
    assertFalse(u.at(call("p/Owner", "flush")));
    assertFalse(u.at(call("p/Other", "destroy")));
    assertFalse(u.at(new InsnNode(Opcodes.ATHROW)));
  }

  @Test
  void kotlinAndScalaThrowCheckedExceptionsTheyDoNotDeclare() {
    assertFalse(UncheckedOnly.of(owner("Lkotlin/Metadata;")).at(call("p/Owner", "destroy")));
    assertFalse(UncheckedOnly.of(owner("Lscala/reflect/ScalaSignature;")).at(call("p/Owner", "destroy")));
    assertFalse(UncheckedOnly.NONE.at(new InsnNode(Opcodes.MONITORENTER)));
  }

  @Test
  void onlyCatchesOfExceptionAndThrowableAreSafetyNets() {
    assertTrue(UncheckedOnly.broad("java/lang/Exception"));
    assertTrue(UncheckedOnly.broad("java/lang/Throwable"));
    assertFalse(UncheckedOnly.broad("java/lang/RuntimeException"));
    assertFalse(UncheckedOnly.broad(null));
  }
}
