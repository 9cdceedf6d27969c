package dev.lockorder.input;

import dev.lockorder.Diagnostic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads class files from folders, jars and folders of jars. Never loads a class: bytes only.
 *
 * <p>Bad input never stops the run: each unreadable file or entry becomes a {@link Diagnostic}
 * naming it, and reading goes on. Memory is bounded: an entry larger than {@link #MAX_ENTRY}
 * uncompressed, or one that inflates more than {@link #MAX_RATIO} times (a zip bomb), is skipped
 * after at most that many bytes; a jar's entries stop after {@link #MAX_JAR_BYTES}. A jar whose
 * central directory is broken is read again by streaming its local headers.
 *
 * <p>Application packages are read as they are laid out: the libraries of a Spring Boot jar
 * ({@code BOOT-INF/lib/}) or a web archive ({@code WEB-INF/lib/}) are read as library classes,
 * which resolve types but are not reported on, and the loader classes at the root of a Spring Boot
 * jar are library classes too. Other nested jars are reported, not opened (as SpotBugs does), to be
 * passed with {@code --classpath}.
 */
public final class InputReader {
  /** The largest class file read; the JVM's own limits keep real ones far below. */
  public static final int MAX_ENTRY = 64 << 20;
  /** Inflation beyond this ratio is taken for a zip bomb. */
  public static final int MAX_RATIO = 200;
  /** Bytes read from one jar at most. */
  public static final long MAX_JAR_BYTES = 2L << 30;

  private InputReader() {}

  /** Thrown for a path that cannot be analyzed at all: the run exits with a usage error. */
  public static final class InputException extends Exception {
    public InputException(String message) {
      super(message);
    }
  }

  private static final class Sink {
    final List<ClassFile> out = new ArrayList<>();
    final List<Diagnostic> diags = new ArrayList<>();
    final Dedup dedup = new Dedup(out, diags);
    int skipped;
    /** Class files read, duplicates included: whether an input had any. */
    int read;

    void add(ClassFile f) {
      read++;
      dedup.add(f);
    }

    void skip(String code, String file, String message) {
      diags.add(new Diagnostic(code, file, message));
      skipped++;
    }
  }

  public static Inputs read(List<Path> inputs, List<Path> classpath) throws InputException {
    Sink sink = new Sink();
    List<Diagnostic> empty = new ArrayList<>();
    for (Path p : inputs) {
      if (!Files.exists(p)) {
        throw new InputException(p + ": no such file or directory");
      }
      int before = sink.read;
      int skippedBefore = sink.skipped;
      readPath(p, false, sink);
      if (sink.read == before && sink.skipped == skippedBefore) {
        empty.add(new Diagnostic("empty-input", p.toString(), Files.isDirectory(p)
            ? "no class files or jars found in this folder" : "no class files in this file"));
      }
    }
    if (sink.read == 0 && sink.skipped == 0 && !empty.isEmpty()) {
      // Nothing at all to analyze: a mistaken path, a usage error.
      throw new InputException(String.join("; ", empty.stream().map(Diagnostic::toString).toList()));
    }
    // One of many inputs without classes (an aggregator jar among lib/*.jar) is said, and the rest
    // is analyzed: it is not a mistake to pass every jar of a folder.
    sink.diags.addAll(empty);
    for (Path p : classpath) {
      if (!Files.exists(p)) {
        sink.diags.add(new Diagnostic("missing-classpath", p.toString(), "classpath entry does not exist; ignored"));
        continue;
      }
      readPath(p, true, sink);
    }
    return new Inputs(sink.out, sink.diags, sink.skipped);
  }

  private static void readPath(Path p, boolean library, Sink sink) {
    if (Files.isDirectory(p)) {
      for (Path f : FolderWalk.files(p, sink.diags, d -> sink.skip(d.code(), d.file(), d.message()))) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class")) {
          readClassFile(f, library, sink);
        } else if (name.endsWith(".jar")) {
          readJar(f, library, sink);
        }
      }
    } else if (p.getFileName().toString().endsWith(".class")) {
      readClassFile(p, library, sink);
    } else {
      readJar(p, library, sink);
    }
  }

  private static void readClassFile(Path f, boolean library, Sink sink) {
    try {
      long size = Files.size(f);
      if (size > MAX_ENTRY) {
        sink.skip("too-large", f.toString(), "class file of " + size + " bytes is larger than any real class; skipped");
        return;
      }
      sink.add(new ClassFile(f.toString(), Files.readAllBytes(f), library));
    } catch (IOException e) {
      sink.skip("unreadable", f.toString(), "cannot read: " + e.getMessage());
    }
  }

  private static boolean wanted(String name) {
    return name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")
        && !name.endsWith("package-info.class");
  }

  /** Where packaging tools put an application's libraries inside its archive. */
  private static boolean packagedLibrary(String name) {
    return (name.startsWith("BOOT-INF/lib/") || name.startsWith("WEB-INF/lib/")) && name.endsWith(".jar")
        && name.indexOf('/', name.indexOf("/lib/") + 5) < 0;
  }

  private static void readJar(Path jar, boolean library, Sink sink) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      List<ZipEntry> libraries = new ArrayList<>();
      boolean bootJar = false;
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry z = e.nextElement();
        if (z.isDirectory()) {
          continue;
        }
        bootJar |= z.getName().startsWith("BOOT-INF/classes/");
        if (packagedLibrary(z.getName())) {
          libraries.add(z);
        } else if (z.getName().endsWith(".jar")) {
          sink.diags.add(new Diagnostic("nested-jar", jar + "!/" + z.getName(),
              "nested jar not analyzed; extract it and pass it as an input or with --classpath"));
        } else if (wanted(z.getName())) {
          entries.add(z);
        }
      }
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      libraries.sort((a, b) -> a.getName().compareTo(b.getName()));
      long[] total = {0};
      for (ZipEntry z : entries) {
        String origin = jar + "!/" + z.getName();
        if (total[0] > MAX_JAR_BYTES) {
          sink.skip("too-large", origin, "jar exceeds " + MAX_JAR_BYTES + " bytes of classes; the rest is skipped");
          break;
        }
        // A Spring Boot jar's own root holds its launcher, not the application.
        boolean lib = library || (bootJar && !z.getName().startsWith("BOOT-INF/"));
        try (InputStream in = zip.getInputStream(z)) {
          byte[] b = readBounded(in, z.getCompressedSize(), origin, sink);
          if (b != null) {
            total[0] += b.length;
            sink.add(new ClassFile(origin, b, lib));
          }
        } catch (IOException | RuntimeException ex) {
          sink.skip("corrupt-jar-entry", origin, "cannot read jar entry: " + ex.getMessage());
        }
      }
      for (ZipEntry z : libraries) {
        if (total[0] > MAX_JAR_BYTES) {
          sink.skip("too-large", jar + "!/" + z.getName(), "jar exceeds " + MAX_JAR_BYTES
              + " bytes of classes; the rest is skipped");
          break;
        }
        try (InputStream in = zip.getInputStream(z)) {
          readNestedLibrary(in, jar + "!/" + z.getName(), total, sink);
        } catch (IOException | RuntimeException ex) {
          sink.skip("corrupt-jar-entry", jar + "!/" + z.getName(), "cannot read nested jar: " + ex.getMessage());
        }
      }
    } catch (ZipException e) {
      streamJar(jar, library, sink, e.getMessage());
    } catch (IOException | RuntimeException e) {
      sink.skip("corrupt-jar", jar.toString(), "not a readable jar: " + e.getMessage());
    }
  }

  /**
   * A library jar inside an application archive, read by streaming its entries (it has no file of
   * its own to open). Its classes are library classes; each entry is bounded as any other.
   */
  private static void readNestedLibrary(InputStream in, String origin, long[] total, Sink sink) {
    List<ClassFile> found = new ArrayList<>();
    ZipEndSeen end = new ZipEndSeen(in);
    try (ZipInputStream zin = new ZipInputStream(end)) {
      ZipEntry z;
      while ((z = zin.getNextEntry()) != null && total[0] <= MAX_JAR_BYTES) {
        if (!z.isDirectory() && wanted(z.getName())) {
          String o = origin + "!/" + z.getName();
          byte[] b = readBounded(zin, -1, o, sink);
          if (b != null) {
            total[0] += b.length;
            found.add(new ClassFile(o, b, true));
          }
        }
      }
      if (z == null && !end.drainAndCheck()) {
        sink.skip("corrupt-jar", origin, "truncated nested jar (its central directory is missing); " + found.size()
            + " classes read before the cut are kept");
      }
    } catch (IOException | RuntimeException e) {
      sink.skip("corrupt-jar", origin, "broken nested jar (" + e.getMessage() + "); " + found.size()
          + " classes read before the damage are kept");
    }
    found.sort((a, b) -> a.origin().compareTo(b.origin()));
    found.forEach(sink::add);
  }

  /** A jar whose central directory is broken: read what its local headers still give. */
  private static void streamJar(Path jar, boolean library, Sink sink, String why) {
    List<ClassFile> found = new ArrayList<>();
    try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(jar))) {
      ZipEntry z;
      while ((z = zin.getNextEntry()) != null) {
        if (!z.isDirectory() && wanted(z.getName())) {
          String origin = jar + "!/" + z.getName();
          byte[] b = readBounded(zin, -1, origin, sink);
          if (b != null) {
            found.add(new ClassFile(origin, b, library));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Whatever was read before the damage is kept.
    }
    found.sort((a, b) -> a.origin().compareTo(b.origin()));
    found.forEach(sink::add);
    sink.skip("corrupt-jar", jar.toString(), "broken jar (" + why + "); " + found.size()
        + " classes recovered by reading its entries in order");
  }

  /** Reads an entry, refusing more than {@link #MAX_ENTRY} bytes or a zip bomb's inflation. */
  private static byte[] readBounded(InputStream in, long compressed, String origin, Sink sink) throws IOException {
    long limit = MAX_ENTRY;
    if (compressed > 0) {
      limit = Math.min(limit, Math.max(1 << 20, compressed * MAX_RATIO));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long n = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      n += r;
      if (n > limit) {
        sink.skip("zip-bomb", origin, "entry inflates past " + limit + " bytes (a zip bomb?); skipped");
        return null;
      }
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }
}
