package dev.lockorder.robust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Class files that javac would not write, built with ASM for the robustness tests. */
final class Generated implements Opcodes {
  private Generated() {}

  private static ClassWriter begin(String name) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
    cw.visit(V17, ACC_PUBLIC, name, null, "java/lang/Object", null);
    cw.visitSource(name.substring(name.lastIndexOf('/') + 1) + ".java", null);
    cw.visitField(ACC_STATIC | ACC_FINAL, "A", "Ljava/lang/Object;", null, null).visitEnd();
    cw.visitField(ACC_STATIC | ACC_FINAL, "B", "Ljava/lang/Object;", null, null).visitEnd();
    return cw;
  }

  static void write(Path dir, String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name + ".class");
    Files.createDirectories(f.getParent());
    Files.write(f, bytes);
  }

  /** A method of about 60 KB of code: 10,000 monitor pairs on a static field. */
  static byte[] hugeMethod(String name) {
    ClassWriter cw = begin(name);
    MethodVisitor mv = cw.visitMethod(ACC_STATIC, "huge", "()V", null, null);
    mv.visitCode();
    for (int i = 0; i < 10_000; i++) {
      mv.visitFieldInsn(GETSTATIC, name, "A", "Ljava/lang/Object;");
      mv.visitInsn(DUP);
      mv.visitInsn(MONITORENTER);
      mv.visitInsn(MONITOREXIT);
    }
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  /**
   * {@code m0} holds A and calls m1, which calls m2, ... {@code m<depth-1>}, which takes B; and
   * {@code back} holds B and calls {@code m0}: a cycle A -> B -> A through a chain {@code depth}
   * deep. {@code ping}/{@code pong} recurse into each other under the locks too.
   */
  static byte[] deepChain(String name, int depth) {
    ClassWriter cw = begin(name);
    for (int i = 0; i < depth; i++) {
      MethodVisitor mv = cw.visitMethod(ACC_STATIC, "m" + i, "()V", null, null);
      mv.visitCode();
      Label l = new Label(i);
      mv.visitLabel(l.label);
      mv.visitLineNumber(l.line, l.label);
      if (i == 0 || i == depth - 1) {
        mv.visitFieldInsn(GETSTATIC, name, i == 0 ? "A" : "B", "Ljava/lang/Object;");
        mv.visitInsn(MONITORENTER);
      }
      if (i < depth - 1) {
        mv.visitMethodInsn(INVOKESTATIC, name, "m" + (i + 1), "()V", false);
      }
      if (i == 0 || i == depth - 1) {
        mv.visitFieldInsn(GETSTATIC, name, i == 0 ? "A" : "B", "Ljava/lang/Object;");
        mv.visitInsn(MONITOREXIT);
      }
      mv.visitInsn(RETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }
    MethodVisitor back = cw.visitMethod(ACC_STATIC, "back", "()V", null, null);
    back.visitCode();
    back.visitFieldInsn(GETSTATIC, name, "B", "Ljava/lang/Object;");
    back.visitInsn(MONITORENTER);
    back.visitMethodInsn(INVOKESTATIC, name, "m0", "()V", false);
    back.visitFieldInsn(GETSTATIC, name, "B", "Ljava/lang/Object;");
    back.visitInsn(MONITOREXIT);
    back.visitInsn(RETURN);
    back.visitMaxs(0, 0);
    back.visitEnd();
    for (String[] pp : new String[][] {{"ping", "pong"}, {"pong", "ping"}}) {
      MethodVisitor mv = cw.visitMethod(ACC_STATIC, pp[0], "()V", null, null);
      mv.visitCode();
      mv.visitMethodInsn(INVOKESTATIC, name, pp[1], "()V", false);
      mv.visitInsn(RETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** A line-number label for generated code. */
  private static final class Label {
    final org.objectweb.asm.Label label = new org.objectweb.asm.Label();
    final int line;

    Label(int i) {
      this.line = i + 1;
    }
  }
}
