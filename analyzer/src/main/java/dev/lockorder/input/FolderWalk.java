package dev.lockorder.input;

import dev.lockorder.Diagnostic;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The files under a folder, in name order, following symbolic links as a build or a shell would: a
 * folder given as a link, and linked folders inside it, are read. A link that leads back to a
 * folder above it is said once and not followed again; a folder that cannot be listed is said and
 * counted as skipped, and the rest is read.
 */
final class FolderWalk {
  /** Deeper than any real class tree: a guard against pathological nesting, not against loops. */
  private static final int MAX_DEPTH = 256;

  private FolderWalk() {}

  static List<Path> files(Path root, List<Diagnostic> diags, Consumer<Diagnostic> skipped) {
    List<Path> out = new ArrayList<>();
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            out.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (e instanceof FileSystemLoopException) {
            diags.add(new Diagnostic("symlink-loop", file.toString(),
                "symbolic link back to a folder above it; not followed again"));
          } else {
            skipped.accept(new Diagnostic("unreadable", file.toString(), "cannot read: " + e.getMessage()));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      skipped.accept(new Diagnostic("unreadable", root.toString(), "cannot list folder: " + e.getMessage()));
    }
    out.sort(null);
    return out;
  }
}
