package dev.lockorder.bench;

import dev.lockorder.AnalysisConfig;
import dev.lockorder.AnalysisResult;
import dev.lockorder.Lockorder;
import dev.lockorder.report.JsonReport;
import dev.lockorder.report.SarifReport;
import dev.lockorder.report.TextReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * One measured task per process (the driver measures wall, CPU and peak RSS from outside):
 * {@code floor} reads every class with ASM, visiting all code (the physical floor);
 * {@code lockorder} runs the whole analysis and writes text, JSON and SARIF;
 * {@code soot} builds Soot's Jimple bodies for every concrete method.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path out = Path.of(args[1]);
    List<Path> jars = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      jars.add(Path.of(args[i]));
    }
    switch (mode) {
      case "floor" -> floor(jars);
      case "lockorder" -> lockorder(jars, out);
      case "soot" -> SootRun.run(jars, out);
      default -> throw new IllegalArgumentException(mode);
    }
  }

  private static void floor(List<Path> jars) throws IOException {
    int[] counts = new int[2];
    MethodVisitor mv = new MethodVisitor(Opcodes.ASM9) { };
    ClassVisitor cv = new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
        counts[1]++;
        return mv; // a visitor, so ASM parses every instruction
      }
    };
    for (Path jar : jars) {
      try (ZipFile z = new ZipFile(jar.toFile())) {
        for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
          ZipEntry en = e.nextElement();
          if (!en.getName().endsWith(".class") || en.getName().contains("module-info")) {
            continue;
          }
          try (InputStream in = z.getInputStream(en)) {
            new ClassReader(in.readAllBytes()).accept(cv, ClassReader.SKIP_FRAMES);
            counts[0]++;
          } catch (RuntimeException ex) {
            // unreadable by this ASM: not counted
          }
        }
      }
    }
    System.out.println("classes " + counts[0] + " methods " + counts[1]);
  }

  private static void lockorder(List<Path> jars, Path out) throws Exception {
    AnalysisResult r = Lockorder.analyze(AnalysisConfig.builder().inputs(jars).build());
    Files.createDirectories(out);
    Files.writeString(out.resolve("lockorder.txt"), TextReport.render(r));
    Files.writeString(out.resolve("lockorder.json"), JsonReport.render(r));
    Files.writeString(out.resolve("lockorder.sarif"), SarifReport.render(r, List.of(), out));
    long cycles = r.findings().stream().filter(f -> f.chain().size() > 1).count();
    System.out.println("classes " + r.stats().classes() + " methods " + r.stats().methods() + " cycles " + cycles
        + " findings " + r.findings().size());
  }
}
