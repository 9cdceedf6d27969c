package dev.lockorder.robust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds the archives the robustness tests feed the reader. */
final class Archives {
  private Archives() {}

  /** Adds every file under {@code dir}, in name order, below {@code prefix}. */
  static void add(ZipOutputStream z, Path dir, String prefix) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry(prefix + dir.relativize(p).toString().replace('\\', '/')));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
    }
  }

  /** Adds one entry. */
  static void put(ZipOutputStream z, String name, byte[] content) throws IOException {
    z.putNextEntry(new ZipEntry(name));
    z.write(content);
    z.closeEntry();
  }

  /** A jar of every file under {@code dir}, in memory. */
  static byte[] jar(Path dir) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      add(z, dir, "");
    }
    return b.toByteArray();
  }
}
