package dev.lockorder.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap too small for the input ends the run with one line that names the heap and how to raise
 * it, exit code 1: never a bare JVM trace, never a class blamed for the heap, never minutes of
 * collecting.
 */
class OutOfMemoryTest {

  @Test
  void heapTooSmall_saysSoAndExits1(@TempDir Path tmp) throws Exception {
    // The largest jar this test runs with (Soot's, some thousands of classes) in a 48 MB heap.
    String cp = System.getProperty("java.class.path");
    String big = Arrays.stream(cp.split(File.pathSeparator)).filter(p -> p.endsWith(".jar"))
        .max(Comparator.comparingLong(p -> new File(p).length())).orElseThrow();
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx48m", "-cp", cp, "dev.lockorder.cli.Main", "--no-progress", "-o", tmp.resolve("out.txt").toString(), big)
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ends");
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(1, p.exitValue(), stderr);
    assertTrue(stderr.contains("lockorder: out of memory: the analysis needs more than this JVM's"), stderr);
    assertTrue(stderr.contains("-Xmx"), stderr);
    assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
    assertFalse(stderr.contains("corrupt-class"), "no class is blamed for the heap: " + stderr);
  }
}
