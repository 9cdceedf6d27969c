package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Code outside the analyzed classes: whether a call runs it, and whether it can call an application method: it overrides or
 * implements a method of a library or JDK type (a {@code Runnable.run}, a {@code Writer.flush}, a
 * framework's callback), so objects the analysis never sees may arrive as its arguments. JDK types
 * the inputs do not contain are read through {@link JdkTypes}; a type found nowhere is assumed to
 * declare every method.
 */
final class Outside {
  private final Program program;

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

  /**
   * The classes of the inputs that are {@code type}'s subtypes only through the JDK's hierarchy (a
   * subclass of {@code FilterOutputStream} for {@code OutputStream}), which the class hierarchy of
   * {@link Program#supertypes} does not list.
   */
  List<String> jdkOnlySubtypes(String type) {
    if (jdkOnly == null) {
      jdkOnly = new HashMap<>();
      for (Map.Entry<String, ClassInfo> e : new java.util.TreeMap<>(program.classes()).entrySet()) {
        if (e.getValue().library() || e.getValue().isInterface()) {
          continue;
        }
        Set<String> own = program.supertypes(e.getKey());
        for (String s : supertypesOf(e.getKey())) {
          if (!own.contains(s)) {
            jdkOnly.computeIfAbsent(s, k -> new ArrayList<>()).add(e.getKey());
          }
        }
      }
    }
    return jdkOnly.getOrDefault(type, List.of());
  }

  private Map<String, List<String>> jdkOnly;

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
        work.addAll(program.jdk().supers(c));
      }
    }
    allSupers.put(cls, seen);
    return seen;
  }

  private final Map<String, Set<String>> allSupers = new HashMap<>();

  /** Whether every supertype of {@code cls} is known: no class between it and the JDK is missing. */
  boolean knownHierarchy(String cls) {
    for (String s : supertypesOf(cls)) {
      if (program.classInfo(s) == null && !JdkTypes.jdkName(s)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether one object can be both a {@code a} and a {@code b}: one is the other's subtype, or
   * either is an interface (or a class whose file is not found), through the JDK's classes too.
   */
  boolean mayBeBoth(String a, String b) {
    if (isSubtype(a, b) || isSubtype(b, a)) {
      return true;
    }
    if (a.startsWith("[") != b.startsWith("[")) {
      String other = a.startsWith("[") ? b : a; // an array is only an Object, Cloneable, Serializable
      return other.equals("java/lang/Object") || other.equals("java/lang/Cloneable") || other.equals("java/io/Serializable");
    }
    // A final class is of no type it does not extend or implement (a String is no PreparedStatement).
    return (!isClass(a) || !isClass(b)) && !isFinal(a) && !isFinal(b);
  }

  private boolean isFinal(String type) {
    ClassInfo ci = program.classInfo(type);
    return ci != null ? (ci.access() & ACC_FINAL) != 0 && !ci.isInterface() : isJdk(type) && program.jdk().isFinal(type);
  }

  private static final int ACC_FINAL = 0x0010;

  /**
   * The fields of JDK class {@code cls} and its JDK superclasses that a subclass can read, of a
   * reference type other than {@code Object} ({@code FilterOutputStream.out}); empty for a class of
   * the inputs.
   */
  List<JdkTypes.Field> jdkFields(String cls) {
    return program.jdk().fieldsUpTheChain(cls, c -> program.classInfo(c) != null);
  }

  /** The type of JDK field {@code declarer.name} as {@link #jdkFields} has it; null when not one of those. */
  String jdkFieldType(String declarer, String name) {
    if (!isJdk(declarer)) {
      return null;
    }
    for (JdkTypes.Field f : program.jdk().fields(declarer)) {
      if (f.name().equals(name)) {
        return f.type();
      }
    }
    return null;
  }

  /** Whether {@code type} is the JDK's own (read from the running JDK, not from the inputs). */
  boolean isJdk(String type) {
    return JdkTypes.jdkName(type) && program.classInfo(type) == null && jdk(type) != null;
  }

  /** Whether {@code type} is known to be a class (not an interface). */
  private boolean isClass(String type) {
    dev.lockorder.ir.ClassInfo ci = program.classInfo(type);
    if (ci != null) {
      return !ci.isInterface();
    }
    return jdk(type) != null && !program.jdk().isInterface(type);
  }

  private Set<String> jdk(String type) {
    return program.jdk().methods(type);
  }
}
