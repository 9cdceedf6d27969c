package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classes of the inputs that wrap an object of a type outside code declares and are of that type
 * themselves: a pool's proxy connection holds the driver's {@code Connection} and is one, a
 * delegating statement holds a {@code Statement}. A call on an object that came from outside code,
 * through such a type, is taken not to reach them: the object is the driver's or the user's. A
 * wrapper handed another wrapper of the same library (a pool over a pool) is a configuration whose
 * two levels the analysis cannot tell apart: what it would report there joins the outer level's
 * objects and the inner one's into one lock class, and every such cycle triaged came back false
 * (c3p0, docs/precision.md, session 23). So this is unsound for those configurations; fixture pair
 * {@code dispatch/OutsideObjectToOwnWrapper{,Safe}}.
 */
final class OutsideWrappers {
  private final Program program;
  private final Outside outside;
  /** Per class of the inputs: the outside types it wraps and is. */
  private final Map<String, List<String>> wrapped = new HashMap<>();

  OutsideWrappers(Program program, Outside outside) {
    this.program = program;
    this.outside = outside;
  }

  /** The targets of a call on an object from outside code, less the methods of such wrappers. */
  List<MethodRef> drop(List<MethodRef> targets, MethodRef call) {
    List<MethodRef> out = null;
    for (int i = 0; i < targets.size(); i++) {
      boolean wrapper = wraps(targets.get(i).owner(), call.owner());
      if (wrapper && out == null) {
        out = new ArrayList<>(targets.subList(0, i));
      } else if (!wrapper && out != null) {
        out.add(targets.get(i));
      }
    }
    return out == null ? targets : List.copyOf(out);
  }

  /** Whether {@code cls} holds an object of an outside type that it is too, at or below {@code type}. */
  private boolean wraps(String cls, String type) {
    for (String t : wrapped.computeIfAbsent(cls, this::wrappedBy)) {
      if (outside.isSubtype(t, type)) {
        return true;
      }
    }
    return false;
  }

  private List<String> wrappedBy(String cls) {
    List<String> out = new ArrayList<>();
    for (String c = cls; c != null && program.isApplication(c); ) {
      ClassInfo ci = program.classInfo(c);
      if (ci == null) {
        break;
      }
      for (ClassInfo.FieldInfo f : ci.fields().values()) {
        String d = f.desc();
        if (f.isStatic() || !d.startsWith("L")) {
          continue;
        }
        String t = d.substring(1, d.length() - 1);
        if (!program.isApplication(t) && !t.equals("java/lang/Object") && outside.isSubtype(cls, t)) {
          out.add(t);
        }
      }
      c = ci.superName();
    }
    return out;
  }
}
