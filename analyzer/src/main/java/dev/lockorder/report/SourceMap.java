package dev.lockorder.report;

import dev.lockorder.graph.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a frame's class to a source file URI, as spotbugs-maven-plugin's {@code sarifFullPath}
 * does: the package path plus the class's {@code SourceFile} attribute, matched against the end of
 * files under the source roots, and made relative to the repository root. Without a match, the
 * package-relative path is used.
 */
final class SourceMap {
  private final List<Path> roots;
  private final Path repoRoot;
  private final Map<String, String> cache = new HashMap<>();

  SourceMap(List<Path> roots, Path repoRoot) {
    this.roots = roots;
    this.repoRoot = repoRoot == null ? null : repoRoot.toAbsolutePath().normalize();
  }

  /** The package-relative path, e.g. {@code com/example/Foo.java}, or null without SourceFile. */
  static String relative(Frame f) {
    if (f.sourceFile().isEmpty()) {
      return null;
    }
    String cls = f.className();
    int dot = cls.lastIndexOf('.');
    String pkg = dot < 0 ? "" : cls.substring(0, dot).replace('.', '/') + "/";
    return pkg + f.sourceFile();
  }

  String uri(Frame f) {
    String rel = relative(f);
    if (rel == null) {
      return f.className().replace('.', '/') + ".class";
    }
    return cache.computeIfAbsent(rel, this::find);
  }

  private String find(String rel) {
    for (Path root : roots) {
      Path p = root.resolve(rel);
      if (Files.isRegularFile(p)) {
        Path abs = p.toAbsolutePath().normalize();
        if (repoRoot != null && abs.startsWith(repoRoot)) {
          return repoRoot.relativize(abs).toString().replace('\\', '/');
        }
        return abs.toUri().toString();
      }
    }
    return rel;
  }
}
