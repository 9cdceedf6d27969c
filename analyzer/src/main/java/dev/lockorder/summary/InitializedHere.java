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
 * that is not public and that only one other class {@code D} touches (every touch of {@code C}
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

  /** Whether {@code toucher}'s code alone first touches {@code cls} (see {@link #gateOf}). */
  boolean onlyTouchedBy(String cls, String toucher) {
    return gates.computeIfAbsent(cls, this::gateOf).equals(toucher);
  }

  /**
   * The one class other than {@code cls} whose code first touches {@code cls}, or "" when there are
   * several or none, or when {@code cls} is public (code outside the inputs may touch it first).
   */
  private String gateOf(String cls) {
    ClassInfo ci = program.classInfo(cls);
    if (ci == null || (ci.access() & org.objectweb.asm.Opcodes.ACC_PUBLIC) != 0) {
      return "";
    }
    java.util.Set<String> by = program.touchers().getOrDefault(cls, java.util.Set.of());
    return by.size() == 1 ? by.iterator().next() : "";
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
