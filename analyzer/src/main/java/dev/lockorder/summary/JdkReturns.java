package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import org.objectweb.asm.Type;

/**
 * What a JDK method hands back, for the type flow ({@link FlowValues}): its own object of the type
 * it declares, for a method declared to return a JDK class or interface other than {@code Object}
 * (an iterator, an entry set, a socket's stream), where what the program gave it comes back only
 * through a method declared to return {@code Object} (an element).
 */
final class JdkReturns {
  private JdkReturns() {}

  /**
   * The JDK type whose object {@code m} hands back, when {@code m} runs JDK code and declares a JDK
   * class or interface other than {@code Object}; null otherwise.
   */
  static String type(Program program, Outside outside, MethodRef m) {
    Type ret = Type.getReturnType(m.desc());
    if (ret.getSort() != Type.OBJECT || ret.getInternalName().equals("java/lang/Object")
        || !runsJdkCode(program, outside, m) || !outside.isJdk(ret.getInternalName())) {
      return null;
    }
    return ret.getInternalName();
  }

  /**
   * Whether {@code m} is the JDK's: named on a JDK type, or on an application class that inherits
   * it from a JDK superclass without overriding it on the way (jraft's {@code util.ArrayDeque},
   * an {@code ArrayList}, hands out the JDK's iterator).
   */
  static boolean runsJdkCode(Program program, Outside outside, MethodRef m) {
    String c = m.owner();
    for (int depth = 0; c != null && depth < 16; depth++) {
      ClassInfo ci = program.classInfo(c);
      if (ci == null) {
        return outside.isJdk(c);
      }
      if (!program.isApplication(c) || ci.methods().containsKey(m.signature())) {
        return false; // a library's class, or the program's own code
      }
      c = ci.superName() == null ? "java/lang/Object" : ci.superName();
    }
    return false;
  }

  /** JDK calls that make or hand out objects of classes the bytecode does not name. */
  static boolean reflective(MethodRef m) {
    String o = m.owner();
    return o.startsWith("java/lang/reflect/") || o.startsWith("java/lang/invoke/") || o.equals("java/util/ServiceLoader")
        || o.equals("java/lang/Class") && m.name().equals("newInstance")
        || o.equals("java/io/ObjectInputStream") && m.name().startsWith("read")
        || o.equals("java/util/ServiceLoader$Provider");
  }
}
