package dev.lockorder.report;

import dev.lockorder.graph.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a frame's class to a source file URI, as spotbugs-maven-plugin's {@code sarifFullPath}
 * does: the package path plus the class's {@code SourceFile} attribute, matched against the end of
 * files under the source roots, and made relative to the repository root. Without a match, the
 * package-relative path is used, and the miss is counted: such a URI points at no file of the
 * repository, and the run says so.
 */
final class SourceMap {
  /**
   * Where a frame's code is. {@code uri} is percent-encoded (RFC 3986); it is relative to the
   * repository root unless {@code absolute}; {@code found} says whether it is a file under a
   * source root, and then {@code lines} is its number of lines (0 otherwise).
   */
  record Artifact(String uri, boolean absolute, boolean found, int lines) {}

  private final List<Path> roots;
  private final Path repoRoot;
  private final Map<String, Artifact> cache = new HashMap<>();
  private int locations;
  private int missed;
  private final Set<String> missedFiles = new TreeSet<>();

  SourceMap(List<Path> roots, Path repoRoot) {
    this.roots = roots;
    this.repoRoot = repoRoot == null ? null : repoRoot.toAbsolutePath().normalize();
  }

  /** The package-relative path, e.g. {@code com/example/Foo.java}, or null without SourceFile. */
  static String relative(Frame f) {
    if (f.sourceFile().isEmpty()) {
      return null;
    }
    return packagePath(f.className()) + f.sourceFile();
  }

  private static String packagePath(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
  }

  /** Where {@code f} is; every call is one location of the log, and is counted. */
  Artifact artifact(Frame f) {
    String rel = relative(f);
    Artifact a;
    if (rel != null) {
      a = cache.computeIfAbsent(rel, this::find);
    } else {
      // Compiled without debug information (javac -g:none): no SourceFile attribute. The Java file
      // of the top-level class is the usual home; without it, the class file's own path.
      String cls = f.className();
      String top = cls.substring(cls.lastIndexOf('.') + 1).split("\\$", 2)[0];
      String guess = packagePath(cls) + top + ".java";
      a = cache.computeIfAbsent(guess, this::find);
      if (!a.found()) {
        a = new Artifact(encodePath(cls.replace('.', '/') + ".class"), false, false, 0);
      }
    }
    locations++;
    if (!a.found()) {
      missed++;
      missedFiles.add(a.uri());
    }
    return a;
  }

  /** Locations looked up so far. */
  int locations() {
    return locations;
  }

  /** Of those, the ones no source root holds. */
  int missed() {
    return missed;
  }

  /** The distinct URIs of the missed locations, sorted. */
  List<String> missedFiles() {
    return List.copyOf(missedFiles);
  }

  private Artifact find(String rel) {
    for (Path root : roots) {
      Path p = root.resolve(rel);
      if (Files.isRegularFile(p)) {
        Path abs = p.toAbsolutePath().normalize();
        int lines = lines(abs);
        if (repoRoot != null && abs.startsWith(repoRoot)) {
          return new Artifact(encodePath(repoRoot.relativize(abs).toString().replace('\\', '/')), false, true, lines);
        }
        // Path.toUri percent-encodes already (a space is %20).
        return new Artifact(abs.toUri().toString(), true, true, lines);
      }
    }
    return new Artifact(encodePath(rel), false, false, 0);
  }

  /** Lines of a text file, as an editor numbers them; 0 when it cannot be read. */
  private static int lines(Path file) {
    try {
      byte[] b = Files.readAllBytes(file);
      int n = 0;
      for (byte x : b) {
        if (x == '\n') {
          n++;
        }
      }
      return b.length > 0 && b[b.length - 1] != '\n' ? n + 1 : n;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * A relative reference whose path is {@code path} ({@code /}-separated): every octet of a
   * segment's UTF-8 that is not a {@code pchar} of RFC 3986 is percent-encoded, and so is a colon
   * in the first segment, which would otherwise read as a scheme. SARIF requires valid URIs
   * (Multitool SARIF1002): a space in a folder name is not one.
   */
  static String encodePath(String path) {
    StringBuilder sb = new StringBuilder(path.length() + 8);
    boolean firstSegment = true;
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '/') {
        firstSegment = false;
        sb.append('/');
      } else if (isPchar(c) && !(c == ':' && firstSegment)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** unreserved / sub-delims / ":" / "@" (RFC 3986, 3.3); "%" is not: a literal one is encoded. */
  private static boolean isPchar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
  }
}
