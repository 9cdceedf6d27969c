package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.Map;

/**
 * Classes whose initialization a method never waits for, because the thread running it has
 * passed their initialization check already or is the one initializing them. The JVM initializes a
 * class before any of its static methods runs and before an object of it is made, and its
 * superclasses first: so a method of {@code C} runs where {@code C} and its superclasses are
 * initialized, or being initialized on this thread. The static initializer of a class {@code C}
 * that code outside cannot touch (not public, or public with no public or protected constructor or
 * static member) and that only one other class {@code D} touches (every touch of {@code C}
 * outside {@code C} is in {@code D}'s code) runs where {@code D} is, so touching {@code D} there
 * does not wait either (an outer class and its nested class touching each other's statics).
 */
final class InitializedHere {
  private final Program program;
  private final Map<String, String> gates = new HashMap<>();

  InitializedHere(Program program) {
    this.program = program;
  }

  /** Whether acquiring {@code a} in method {@code in} is a touch of a class {@code in} never waits for. */
  boolean skips(Acq a, MethodRef in) {
    if (a.ref().kind() != LockClass.Kind.INIT || !(a.ref().val() instanceof Val.ClassLit c)) {
      return false;
    }
    String k = c.className().replace('.', '/');
    if (extendsOrIs(in.owner(), k)) {
      return true;
    }
    if (!in.name().equals("<clinit>")) {
      return false;
    }
    String gate = gates.computeIfAbsent(in.owner(), this::gateOf);
    return !gate.isEmpty() && extendsOrIs(gate, k);
  }

  /**
   * Whether every first touch of {@code cls} runs where {@code base} is initialized: code outside
   * cannot touch {@code cls} and each class whose code touches it extends {@code base} (its code runs only
   * once {@code base} is initialized, or on the thread initializing it) or is itself such a class
   * (shaded protobuf's {@code ByteString} making its private nested {@code Output}, which makes
   * its literal subclass). A class no code touches, or one touched only within a loop of such
   * classes, is not.
   */
  boolean initializedAfter(String cls, String base) {
    return after(cls, base, new java.util.HashSet<>());
  }

  private boolean after(String cls, String base, java.util.Set<String> onPath) {
    ClassInfo ci = program.classInfo(cls);
    java.util.Set<String> by = program.touchers().getOrDefault(cls, java.util.Set.of());
    if (ci == null || touchableOutside(ci) || by.isEmpty()
        || onPath.size() >= 8 || !onPath.add(cls)) {
      return false;
    }
    for (String t : by) {
      if (!extendsOrIs(t, base) && !after(t, base, onPath)) {
        return false;
      }
    }
    onPath.remove(cls);
    return true;
  }

  /**
   * The one class other than {@code cls} whose code first touches {@code cls}, or "" when there are
   * several or none, or when code outside the inputs may touch it first.
   */
  private String gateOf(String cls) {
    ClassInfo ci = program.classInfo(cls);
    if (ci == null || touchableOutside(ci)) {
      return "";
    }
    java.util.Set<String> by = program.touchers().getOrDefault(cls, java.util.Set.of());
    return by.size() == 1 ? by.iterator().next() : "";
  }

  /**
   * Whether code outside the inputs can touch {@code ci} first: it is public and has a public or
   * protected constructor or static member (shaded protobuf's public {@code ByteString.Output} has
   * neither: only its own package makes one). Reflection is not followed.
   */
  private static boolean touchableOutside(ClassInfo ci) {
    int open = org.objectweb.asm.Opcodes.ACC_PUBLIC | org.objectweb.asm.Opcodes.ACC_PROTECTED;
    if ((ci.access() & org.objectweb.asm.Opcodes.ACC_PUBLIC) == 0) {
      return false;
    }
    for (var m : ci.methods().entrySet()) {
      boolean entry = m.getKey().startsWith("<init>") || (m.getValue().isStatic() && !m.getKey().startsWith("<clinit>"));
      if (entry && (m.getValue().access() & open) != 0) {
        return true;
      }
    }
    for (ClassInfo.FieldInfo f : ci.fields().values()) {
      if (f.isStatic() && (f.access() & open) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code cls} is {@code of} or extends it, by the superclass chain the inputs show. */
  boolean extendsOrIs(String cls, String of) {
    for (int guard = 0; cls != null && guard < 64; guard++) {
      if (cls.equals(of)) {
        return true;
      }
      ClassInfo ci = program.classInfo(cls);
      cls = ci == null ? null : ci.superName();
    }
    return false;
  }
}
