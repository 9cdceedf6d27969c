package dev.lockorder.input;

import dev.lockorder.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads class files from folders, jars and folders of jars. Never loads a class: bytes only.
 */
public final class InputReader {

  private InputReader() {}

  /** Thrown for a path that cannot be analyzed at all: the run exits with a usage error. */
  public static final class InputException extends Exception {
    public InputException(String message) {
      super(message);
    }
  }

  public static Inputs read(List<Path> inputs, List<Path> classpath) throws InputException {
    List<ClassFile> out = new ArrayList<>();
    List<Diagnostic> diags = new ArrayList<>();
    int[] skipped = {0};
    for (Path p : inputs) {
      if (!Files.exists(p)) {
        throw new InputException(p + ": no such file or directory");
      }
      int before = out.size();
      readPath(p, false, out, diags, skipped);
      if (out.size() == before && Files.isDirectory(p)) {
        throw new InputException(p + ": no class files found");
      }
    }
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        diags.add(new Diagnostic("missing-classpath", p.toString(), "classpath entry does not exist"));
        continue;
      }
      readPath(p, true, out, diags, skipped);
    }
    return new Inputs(out, diags, skipped[0]);
  }

  private static void readPath(Path p, boolean library, List<ClassFile> out, List<Diagnostic> diags, int[] skipped) {
    if (Files.isDirectory(p)) {
      List<Path> files;
      try (Stream<Path> s = Files.walk(p)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      } catch (IOException e) {
        diags.add(new Diagnostic("unreadable", p.toString(), "cannot list folder: " + e.getMessage()));
        skipped[0]++;
        return;
      }
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class")) {
          readClassFile(f, library, out, diags, skipped);
        } else if (name.endsWith(".jar")) {
          readJar(f, library, out, diags, skipped);
        }
      }
    } else if (p.getFileName().toString().endsWith(".class")) {
      readClassFile(p, library, out, diags, skipped);
    } else {
      readJar(p, library, out, diags, skipped);
    }
  }

  private static void readClassFile(Path f, boolean library, List<ClassFile> out, List<Diagnostic> diags,
      int[] skipped) {
    try {
      out.add(new ClassFile(f.toString(), Files.readAllBytes(f), library));
    } catch (IOException e) {
      diags.add(new Diagnostic("unreadable", f.toString(), "cannot read: " + e.getMessage()));
      skipped[0]++;
    }
  }

  private static void readJar(Path jar, boolean library, List<ClassFile> out, List<Diagnostic> diags,
      int[] skipped) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry z = e.nextElement();
        if (!z.isDirectory() && z.getName().endsWith(".class") && !z.getName().startsWith("META-INF/")) {
          entries.add(z);
        }
      }
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (ZipEntry z : entries) {
        String origin = jar + "!/" + z.getName();
        try (InputStream in = zip.getInputStream(z)) {
          out.add(new ClassFile(origin, in.readAllBytes(), library));
        } catch (IOException ex) {
          diags.add(new Diagnostic("unreadable", origin, "cannot read jar entry: " + ex.getMessage()));
          skipped[0]++;
        }
      }
    } catch (IOException e) {
      diags.add(new Diagnostic("corrupt-jar", jar.toString(), "not a readable jar: " + e.getMessage()));
      skipped[0]++;
    }
    Collections.emptyList();
  }
}
