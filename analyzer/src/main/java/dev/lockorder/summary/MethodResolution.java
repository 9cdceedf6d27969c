package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * Which method a class runs for a signature, by the JVM's selection rule (JVMS 5.4.6): the nearest
 * declaration up the superclasses, else the one default method among the maximally specific
 * interface methods. An abstract re-declaration hides the body above it, since every concrete
 * subclass brings its own. A JDK superclass that declares or inherits the signature runs its own
 * method (no method of the inputs); one that does not leaves the call to the inputs' interface
 * defaults, as every class extending {@code Object} does.
 */
final class MethodResolution {
  /**
   * A record's fields with the hash kept and computed without the record's method-handle glue:
   * the map is asked for every class a call may reach (the type flow's targets, rapid-type
   * dispatch), a tenth of kafka-clients' main-thread samples in its lookups, and looked up only,
   * never iterated, so no order depends on the hash.
   */
  private static final class Key {
    private final String cls;
    private final String name;
    private final String desc;
    private final int hash;

    Key(String cls, String name, String desc) {
      this.cls = cls;
      this.name = name;
      this.desc = desc;
      this.hash = (31 * Objects.hashCode(cls) + Objects.hashCode(name)) * 31 + Objects.hashCode(desc);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Objects.equals(k.cls, cls) && Objects.equals(k.name, name)
          && Objects.equals(k.desc, desc);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** What {@code resolved} keeps for "no such method": one lookup, not two, for the many misses. */
  private static final MethodRef NONE = MethodRef.of("", "", "");

  private final Program program;
  private final Map<Key, MethodRef> resolved = new HashMap<>();

  MethodResolution(Program program) {
    this.program = program;
  }

  /** The method of the inputs {@code cls} runs for the signature; null when none does. */
  MethodRef resolve(String cls, String name, String desc) {
    Key key = new Key(cls, name, desc);
    MethodRef r = resolved.get(key);
    if (r == null) {
      r = resolveUncached(cls, name, desc);
      resolved.put(key, r == null ? NONE : r);
    }
    return r == NONE ? null : r;
  }

  private MethodRef resolveUncached(String cls, String name, String desc) {
    String sig = name + desc;
    String c = cls;
    for (int guard = 0; c != null && guard < 100; guard++) {
      ClassInfo ci = program.classInfo(c);
      if (ci == null) {
        Set<String> jdkMethods = JdkTypes.jdkName(c) ? program.jdk().methods(c) : null;
        if (jdkMethods == null || jdkMethods.contains(sig)) {
          return null; // the JDK's own method, or a class found nowhere: nothing of the inputs runs
        }
        break;
      }
      ClassInfo.MethodInfo mi = ci.methods().get(sig);
      if (mi != null) {
        return mi.isAbstract() ? null : MethodRef.of(c, name, desc);
      }
      c = ci.superName();
    }
    // The maximally specific interface methods: those no other one's interface extends. The JVM
    // runs a default only when exactly one of them has a body (two: IncompatibleClassChangeError).
    Map<String, ClassInfo.MethodInfo> declaring = new java.util.LinkedHashMap<>();
    for (String s : program.supertypes(cls)) {
      ClassInfo ci = program.classInfo(s);
      ClassInfo.MethodInfo mi = ci == null || !ci.isInterface() ? null : ci.methods().get(sig);
      if (mi != null && !mi.isStatic() && (mi.access() & Opcodes.ACC_PRIVATE) == 0) {
        declaring.put(s, mi);
      }
    }
    String only = null;
    for (var d : declaring.entrySet()) {
      String s = d.getKey();
      boolean hidden = declaring.keySet().stream().anyMatch(o -> !o.equals(s) && program.isSubtype(o, s));
      if (!hidden && !d.getValue().isAbstract()) {
        if (only != null) {
          return null;
        }
        only = s;
      }
    }
    return only == null ? null : MethodRef.of(only, name, desc);
  }
}
