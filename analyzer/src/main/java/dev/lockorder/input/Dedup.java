package dev.lockorder.input;

import dev.lockorder.Diagnostic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * One class file per class name, chosen as the bytes are read, so that duplicates are neither
 * kept in memory nor scanned (a local Maven repository holds most classes several times). The
 * first file wins, except that a file whose path disagrees with the class it declares ({@code
 * a/B.class} declaring {@code c.D}: a copy, a renamed file) never shadows one where its name says:
 * it is said, and used only when no other file declares that class.
 */
final class Dedup {
  private final List<ClassFile> out;
  private final List<Diagnostic> diags;
  /** Class name to its file's index in {@link #out}, and whether that file sits where its name says. */
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Boolean> placed = new HashMap<>();

  Dedup(List<ClassFile> out, List<Diagnostic> diags) {
    this.out = out;
    this.diags = diags;
  }

  /** Keeps {@code f} unless a file already kept declares the same class and wins over it. */
  void add(ClassFile f) {
    String name = declaredName(f.bytes());
    if (name == null) {
      out.add(f); // unreadable: the scanner names what is wrong with it
      return;
    }
    boolean here = sitsWhereItsNameSays(f.origin(), name);
    if (!here) {
      diags.add(new Diagnostic("misplaced-class", f.origin(), "declares " + name.replace('/', '.')
          + ", which its path does not say; used only if no other file declares that class"));
    }
    Integer at = index.get(name);
    if (at == null) {
      index.put(name, out.size());
      placed.put(name, here);
      out.add(f);
      return;
    }
    ClassFile kept = out.get(at);
    if (here && !placed.get(name)) {
      out.set(at, f);
      placed.put(name, true);
      diags.add(new Diagnostic("duplicate-class", kept.origin(), "duplicate class " + name.replace('/', '.')
          + ": " + f.origin() + ", where its name says, is used instead"));
      return;
    }
    diags.add(new Diagnostic("duplicate-class", f.origin(), "duplicate class " + name.replace('/', '.')
        + ": the first, from " + kept.origin() + ", is used"));
  }

  /** The internal name the class file declares, read from its header only; null if unreadable. */
  static String declaredName(byte[] bytes) {
    try {
      return new ClassReader(bytes).getClassName();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether the file's path ends with the class's own path ({@code …/a/B.class} for {@code a/B}):
   * a jar entry or a file under any folder (a build's {@code target/classes}, a Spring Boot jar's
   * {@code BOOT-INF/classes}) whose last segments are the package and the simple name.
   */
  static boolean sitsWhereItsNameSays(String origin, String name) {
    String path = origin.replace('\\', '/');
    String own = name + ".class";
    return path.equals(own) || path.endsWith("/" + own);
  }
}
