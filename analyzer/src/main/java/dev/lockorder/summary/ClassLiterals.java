package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.Val;

/**
 * {@code getClass()} of an object only one class can be is that class's literal: {@code
 * synchronized (getClass())} takes the lock that {@code synchronized (C.class)} and C's static
 * synchronized methods take (flow/GetClassMonitor). With several classes possible (a subclass or
 * an application superclass in the inputs, allocated or not) the call stays a {@code Class} of
 * unknown identity, as every getClass() in that hierarchy does (flow/GetClassOfSubclass).
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
    String type = recv instanceof Val.New n ? n.type() : recv.type();
    ClassInfo ci = program.classInfo(type);
    if (ci == null || ci.library() || ci.isInterface() || ci.isAbstract()) {
      return null;
    }
    // Only a class alone in its hierarchy (a new object's too, as the hierarchy's other getClass()
    // calls name it): with a subclass in the inputs (made there or not: a
    // library's users make its subclasses) the object may be the subclass, and with an application
    // superclass the superclass's own getClass() may be this class's literal while it stays a
    // Class of unknown identity there: either way one lock would go under two names, and a cycle
    // through both (flow/GetClassOfSubclass, reported before session 30 through the unknown
    // Class) would split in two.
    ClassInfo sup = program.classInfo(ci.superName());
    if (program.subtypes(type).size() != 1 || (sup != null && !sup.library())) {
      return null;
    }
    return type;
  }
}
