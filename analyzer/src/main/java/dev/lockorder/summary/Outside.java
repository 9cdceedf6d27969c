package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Code outside the analyzed classes: whether a call runs it, and whether it can call an application method: it overrides or
 * implements a method of a library or JDK type (a {@code Runnable.run}, a {@code Writer.flush}, a
 * framework's callback), so objects the analysis never sees may arrive as its arguments. JDK types
 * the inputs do not contain are read (not loaded) from the running JDK's own class files; a type
 * found nowhere is assumed to declare every method.
 */
final class Outside {
  private final Program program;
  private final Map<String, Set<String>> jdkMethods = new HashMap<>();
  private final Map<String, List<String>> jdkSupers = new HashMap<>();

  Outside(Program program) {
    this.program = program;
  }

  boolean overridesOutside(MethodRef m) {
    if (m.name().startsWith("<")) {
      return false;
    }
    ClassInfo own = program.classInfo(m.owner());
    ClassInfo.MethodInfo mi = own == null ? null : own.methods().get(m.signature());
    if (mi != null && (mi.isStatic() || (mi.access() & ClassInfo.ACC_PRIVATE) != 0)) {
      return false;
    }
    for (String s : program.supertypes(m.owner())) {
      if (s.equals(m.owner())) {
        continue;
      }
      ClassInfo ci = program.classInfo(s);
      if (ci == null) {
        Set<String> sigs = jdk(s);
        if (sigs == null || sigs.contains(m.signature())) {
          return true;
        }
      } else if (ci.library() && ci.methods().containsKey(m.signature())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the called code is not the application's own (JDK or library classes). */
  boolean code(MethodRef m) {
    if (!program.isApplication(m.owner())) {
      return true;
    }
    MethodRef r = program.resolve(m.owner(), m.name(), m.desc());
    return r != null && program.facts(r) == null;
  }

  /** A JDK collection, map, iterator or reference type: something that holds other objects. */
  boolean isContainer(String type) {
    return (type.startsWith("java/util/") || type.startsWith("java/lang/ref/") || type.equals("java/lang/Iterable"))
        && !program.isApplication(type);
  }

  /** Whether {@code cls} is {@code of} or a subtype, through the inputs' classes and the JDK's own. */
  boolean isSubtype(String cls, String of) {
    return cls.equals(of) || supertypesOf(cls).contains(of);
  }

  /** Every supertype of {@code cls}, itself included, as far as the 200 nearest; computed once per class. */
  private Set<String> supertypesOf(String cls) {
    Set<String> known = allSupers.get(cls);
    if (known != null) {
      return known;
    }
    java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>(List.of(cls));
    Set<String> seen = new HashSet<>();
    while (!work.isEmpty() && seen.size() <= 200) {
      String c = work.poll();
      if (!seen.add(c)) {
        continue;
      }
      for (String s : program.supertypes(c)) {
        if (!s.equals(c)) {
          work.add(s);
        }
      }
      if (program.classInfo(c) == null) {
        jdk(c);
        work.addAll(jdkSupers.getOrDefault(c, List.of()));
      }
    }
    allSupers.put(cls, seen);
    return seen;
  }

  private final Map<String, Set<String>> allSupers = new HashMap<>();

  private final Set<String> jdkInterfaces = new HashSet<>();

  /**
   * Whether one object can be both a {@code a} and a {@code b}: one is the other's subtype, or
   * either is an interface (or a class whose file is not found), through the JDK's classes too.
   */
  boolean mayBeBoth(String a, String b) {
    if (isSubtype(a, b) || isSubtype(b, a)) {
      return true;
    }
    return !isClass(a) || !isClass(b);
  }

  /** Whether {@code type} is known to be a class (not an interface). */
  private boolean isClass(String type) {
    dev.lockorder.ir.ClassInfo ci = program.classInfo(type);
    if (ci != null) {
      return !ci.isInterface();
    }
    return jdk(type) != null && !jdkInterfaces.contains(type);
  }

  /** The instance methods a JDK type declares or inherits; null when its class file is not found. */
  private Set<String> jdk(String type) {
    if (jdkMethods.containsKey(type)) {
      return jdkMethods.get(type);
    }
    jdkMethods.put(type, null); // a cycle in a broken hierarchy ends here
    Set<String> out = null;
    try (InputStream in = ClassLoader.getSystemResourceAsStream(type + ".class")) {
      if (in != null) {
        Set<String> sigs = new HashSet<>();
        List<String> supers = new ArrayList<>();
        new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
          @Override
          public void visit(int version, int access, String name, String sig, String superName, String[] itfs) {
            if ((access & Opcodes.ACC_INTERFACE) != 0) {
              jdkInterfaces.add(type);
            }
            if (superName != null) {
              supers.add(superName);
            }
            supers.addAll(List.of(itfs));
            jdkSupers.put(type, List.copyOf(supers));
          }

          @Override
          public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
            if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0) {
              sigs.add(name + desc);
            }
            return null;
          }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        for (String s : supers) {
          Set<String> up = jdk(s);
          if (up != null) {
            sigs.addAll(up);
          }
        }
        out = sigs;
      }
    } catch (IOException | RuntimeException e) {
      out = null; // unreadable: assume it declares everything
    }
    jdkMethods.put(type, out);
    return out;
  }
}
