package dev.lockorder.bytecode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which instructions of a class can throw only unchecked exceptions (a {@code RuntimeException} or
 * an {@code Error}): everything but a call and {@code athrow}, and a call to a method of the same
 * class that declares no checked exception (an override cannot declare more). A {@code catch
 * (Exception e)} or {@code catch (Throwable t)} that only such instructions can reach runs only
 * after the program has already failed (mina's {@code closeNow} wraps {@code destroy()}, which
 * throws nothing it declares, and fires the chain's exception event in the catch). Calls into
 * other classes are not judged: their declarations are not read at this stage.
 *
 * <p>Kotlin and Scala throw checked exceptions without declaring them: their classes get no such
 * instruction.
 */
final class UncheckedOnly {
  static final UncheckedOnly NONE = new UncheckedOnly(null, Set.of());

  private final String owner;
  private final Set<String> declareNone;

  private UncheckedOnly(String owner, Set<String> declareNone) {
    this.owner = owner;
    this.declareNone = declareNone;
  }

  static UncheckedOnly of(ClassNode cn) {
    if (undeclaredChecked(cn.visibleAnnotations) || undeclaredChecked(cn.invisibleAnnotations)) {
      return NONE;
    }
    Set<String> none = new HashSet<>();
    for (MethodNode mn : cn.methods) {
      if (mn.exceptions == null || mn.exceptions.isEmpty()) {
        none.add(mn.name + mn.desc);
      }
    }
    return new UncheckedOnly(cn.name, none);
  }

  private static boolean undeclaredChecked(List<AnnotationNode> annotations) {
    if (annotations != null) {
      for (AnnotationNode a : annotations) {
        if (a.desc.equals("Lkotlin/Metadata;") || a.desc.equals("Lscala/reflect/ScalaSignature;")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code insn} can throw nothing but unchecked exceptions. */
  boolean at(AbstractInsnNode insn) {
    if (owner == null) {
      return false;
    }
    int op = insn.getOpcode();
    if (op == Opcodes.ATHROW || op == Opcodes.INVOKEDYNAMIC) {
      return false;
    }
    if (insn instanceof MethodInsnNode m) {
      return m.owner.equals(owner) && declareNone.contains(m.name + m.desc);
    }
    return true;
  }

  /** A handler whose type takes checked and unchecked exceptions alike, as a safety net does. */
  static boolean broad(String type) {
    return "java/lang/Exception".equals(type) || "java/lang/Throwable".equals(type);
  }
}
