package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;

/**
 * Locks a method declares its callers hold: any annotation named {@code GuardedBy} or {@code
 * Holding} on the method (javax.annotation.concurrent, Error Prone, Checker Framework...), naming
 * {@code this}, {@code X.class} or a field of the class. They sharpen callbacks that nothing in the
 * input calls: what such a method takes is taken under the named lock.
 */
final class HeldAnnotations {
  private HeldAnnotations() {}

  static List<Held> of(Program program, MethodFacts mf, Trace where) {
    ClassInfo ci = program.classInfo(mf.ref().owner());
    ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(mf.ref().signature());
    if (mi == null || mi.annotationStrings().isEmpty()) {
      return List.of();
    }
    List<Held> out = new ArrayList<>();
    for (var e : mi.annotationStrings().entrySet()) {
      String d = e.getKey();
      String simple = d.substring(Math.max(d.lastIndexOf('/'), d.lastIndexOf('$')) + 1);
      if (!simple.equals("GuardedBy;") && !simple.equals("Holding;")) {
        continue;
      }
      for (String name : e.getValue()) {
        Held h = named(program, ci, mf, name, where);
        if (h != null) {
          out.add(h);
        }
      }
    }
    return out;
  }

  private static Held named(Program program, ClassInfo ci, MethodFacts mf, String name, Trace where) {
    Val v = null;
    LockClass.Kind kind = LockClass.Kind.MONITOR;
    if (name.equals("this") && !mf.isStatic()) {
      v = new Val.Param(0, mf.ref().owner());
    } else if (name.endsWith(".class")) {
      v = new Val.ClassLit(mf.ref().owner());
    } else {
      String field = name.startsWith("this.") ? name.substring(5) : name;
      ClassInfo.FieldInfo fi = ci.fields().get(field);
      if (fi != null) {
        String type = fi.desc().startsWith("L") ? fi.desc().substring(1, fi.desc().length() - 1) : fi.desc();
        v = fi.isStatic() ? new Val.Static(mf.ref().owner(), field, type)
            : new Val.Field(new Val.Param(0, mf.ref().owner()), mf.ref().owner(), field, type);
        if (Models.in(program, type, Models.LOCKS)) {
          kind = LockClass.Kind.LOCK;
        } else if (Models.in(program, type, Models.RW_LOCKS)) {
          kind = LockClass.Kind.READ_WRITE_LOCK;
        }
      }
    }
    return v == null ? null : new Held(new LockRef(kind, v), Mode.EXCLUSIVE, where, false);
  }
}
