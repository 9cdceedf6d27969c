package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.Val;

/**
 * {@code getClass()} of an object only one class can be is that class's literal: {@code
 * synchronized (getClass())} takes the lock that {@code synchronized (C.class)} and C's static
 * synchronized methods take (flow/GetClassMonitor). With several classes possible (a subclass
 * allocated too) the call stays a {@code Class} of unknown identity.
 */
final class ClassLiterals {
  private ClassLiterals() {}

  /** The class whose literal {@code v} is, when {@code v} is {@code getClass()} on such an object; else null. */
  static String ofGetClass(Program program, Val v) {
    if (!(v instanceof Val.Call c) || !c.method().name().equals("getClass")
        || !c.method().desc().equals("()Ljava/lang/Class;") || c.args().size() != 1) {
      return null;
    }
    Val recv = c.args().get(0);
    if (recv instanceof Val.New n) {
      return program.isApplication(n.type()) ? n.type() : null;
    }
    ClassInfo ci = program.classInfo(recv.type());
    if (ci == null || ci.library() || ci.isInterface()) {
      return null;
    }
    String only = null;
    for (String k : program.concreteSubtypes(recv.type())) {
      if (program.isInstantiated(k)) {
        if (only != null) {
          return null;
        }
        only = k;
      }
    }
    // A concrete class no code of the inputs makes, nor a subclass of it: its objects are made by
    // the library's users, and named by it, as its own `this` is at a method no one calls.
    return only != null ? only : ci.isAbstract() ? null : recv.type();
  }
}
