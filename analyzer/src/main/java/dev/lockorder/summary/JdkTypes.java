package dev.lockorder.summary;

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
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Types the inputs use but do not contain, read (never loaded) from the running JDK's own class
 * files, each once: their direct supertypes, whether each is an interface, the instance methods it
 * declares or inherits, and the fields a subclass can read. An application class that extends
 * {@code FilterOutputStream} is an {@code OutputStream}, a {@code Closeable} and a {@code
 * Flushable} through them.
 */
final class JdkTypes {
  /** One readable instance field of a JDK class, of a reference type other than {@code Object}. */
  record Field(String declarer, String name, String type) {}

  private record Read(Set<String> methods, List<String> supers, boolean isInterface, boolean isFinal, List<Field> fields) {}

  private static final Read UNREADABLE = new Read(null, List.of(), false, false, List.of());

  private final Map<String, Read> read = new HashMap<>();

  /** Whether {@code type} is named as the JDK's own (its class file is looked for in the running JDK). */
  static boolean jdkName(String type) {
    return type.startsWith("java/") || type.startsWith("javax/") || type.startsWith("jdk/") || type.startsWith("sun/");
  }

  /** The instance methods {@code type} declares or inherits; null when its class file is not found. */
  Set<String> methods(String type) {
    return of(type).methods();
  }

  /** The direct supertypes of {@code type}: its superclass first, then its interfaces; empty when not found. */
  List<String> supers(String type) {
    return of(type).supers();
  }

  boolean isInterface(String type) {
    return of(type).isInterface();
  }

  /** Whether {@code type} is a final class: no other class is one of it. */
  boolean isFinal(String type) {
    return of(type).isFinal();
  }

  /** The fields a subclass can read that {@code type} itself declares. */
  List<Field> fields(String type) {
    return of(type).fields();
  }

  /**
   * The fields a subclass can read of JDK class {@code cls} and of its JDK superclasses, nearest
   * first; empty for a class of the inputs ({@code ofInputs}), and the walk stops at one.
   */
  List<Field> fieldsUpTheChain(String cls, java.util.function.Predicate<String> ofInputs) {
    List<Field> out = new java.util.ArrayList<>();
    String c = cls;
    for (int guard = 0; c != null && guard < 30 && jdkName(c) && !ofInputs.test(c); guard++) {
      out.addAll(fields(c));
      List<String> up = supers(c);
      c = up.isEmpty() || isInterface(c) ? null : up.get(0);
    }
    return out;
  }

  private Read of(String type) {
    Read known = read.get(type);
    if (known != null) {
      return known;
    }
    read.put(type, UNREADABLE); // a cycle in a broken hierarchy ends here
    Read out = UNREADABLE;
    try (InputStream in = ClassLoader.getSystemResourceAsStream(type + ".class")) {
      if (in != null) {
        out = parse(type, in);
      }
    } catch (IOException | RuntimeException e) {
      out = UNREADABLE; // unreadable: assume it declares everything
    }
    read.put(type, out);
    return out;
  }

  private Read parse(String type, InputStream in) throws IOException {
    Set<String> sigs = new HashSet<>();
    List<String> supers = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    boolean[] itf = new boolean[2];
    new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public void visit(int version, int access, String name, String sig, String superName, String[] itfs) {
        itf[0] = (access & Opcodes.ACC_INTERFACE) != 0;
        itf[1] = (access & Opcodes.ACC_FINAL) != 0;
        if (superName != null) {
          supers.add(superName);
        }
        supers.addAll(List.of(itfs));
      }

      @Override
      public FieldVisitor visitField(int access, String name, String desc, String sig, Object v) {
        if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0 && desc.startsWith("L")
            && !desc.equals("Ljava/lang/Object;")) {
          fields.add(new Field(type, name, desc.substring(1, desc.length() - 1)));
        }
        return null;
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
      Set<String> up = methods(s);
      if (up != null) {
        sigs.addAll(up);
      }
    }
    return new Read(sigs, List.copyOf(supers), itf[0], itf[1], List.copyOf(fields));
  }
}
