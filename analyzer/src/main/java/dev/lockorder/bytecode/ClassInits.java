package dev.lockorder.bytecode;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The first touch of another class's statics, or the first {@code new} of it, may run that class's
 * static initializer on this thread, under this thread's locks, and holding the JVM's
 * initialization lock of the class, which a thread touching the class meanwhile waits for. Each is
 * a call of the class's {@code <clinit>} at the instruction, made once per class and method (in
 * instruction order: the first one a path meets may be a later one). A static call's own class
 * initialization is not among them.
 */
final class ClassInits {
  private ClassInits() {}

  /** The call of {@code C.<clinit>} that {@code insn} may make, or null. */
  static Op trigger(AbstractInsnNode insn, String owner, Set<String> initialized) {
    String cls = switch (insn.getOpcode()) {
      case Opcodes.GETSTATIC, Opcodes.PUTSTATIC -> ((FieldInsnNode) insn).owner;
      case Opcodes.NEW -> ((TypeInsnNode) insn).desc;
      default -> null;
    };
    if (cls == null || cls.equals(owner) || isJdk(cls) || !initialized.add(cls)) {
      return null;
    }
    return new Op.Invoke(MethodRef.of(cls, "<clinit>", "()V"), "static", List.of());
  }

  /** The JDK's static initializers take no lock of the program's. */
  static boolean isJdk(String cls) {
    return cls.startsWith("java/") || cls.startsWith("javax/") || cls.startsWith("jdk/") || cls.startsWith("sun/")
        || cls.startsWith("com/sun/");
  }
}
