package dev.lockorder.bytecode;

import dev.lockorder.Diagnostic;
import dev.lockorder.input.ClassFile;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.StateFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * The bytecode stage: class file bytes to {@link ScannedClass}. The only place that parses class
 * files. It never loads or initializes a class.
 */
public final class ClassScanner {

  /** The newest class file major version ASM here understands (Java 25 = 69). */
  public static final int MAX_MAJOR = Opcodes.V25 & 0xFFFF;

  private ClassScanner() {}

  /** Thrown for a file that is not a class this analyzer can read; the message names why. */
  public static final class BadClassException extends Exception {
    public final String code;

    BadClassException(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  public static ScannedClass scan(ClassFile file) throws BadClassException {
    byte[] b = file.bytes();
    if (b.length < 10 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE || (b[2] & 0xFF) != 0xBA
        || (b[3] & 0xFF) != 0xBE) {
      throw new BadClassException("not-a-class", "not a class file (bad magic number or too short)");
    }
    int major = ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
    if (major > MAX_MAJOR) {
      throw new BadClassException("unsupported-version",
          "class file version " + major + " is newer than this analyzer supports (up to " + MAX_MAJOR + ", Java "
              + (MAX_MAJOR - 44) + ")");
    }
    ClassNode cn = new ClassNode();
    Map<String, StateFacts> states = file.library() ? new java.util.HashMap<>() : Map.of();
    ClassReader reader;
    try {
      reader = new ClassReader(b);
      // A library class's code is read only for its methods' state facts, in the same pass.
      reader.accept(file.library() ? StateScanner.reading(cn, states) : cn, ClassReader.SKIP_FRAMES);
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      throw new BadClassException("corrupt-class", "corrupt class file: " + describe(e));
    }
    if (cn.name == null || cn.name.isEmpty() || (cn.superName == null && !"java/lang/Object".equals(cn.name)
        && (cn.access & Opcodes.ACC_MODULE) == 0)) {
      throw new BadClassException("corrupt-class", "corrupt class file: no valid class or superclass name");
    }
    List<Diagnostic> diags = new ArrayList<>();
    Map<String, ClassInfo.FieldInfo> fields = new TreeMap<>();
    for (FieldNode f : cn.fields) {
      if (f.name == null || f.desc == null || f.desc.isEmpty()) {
        diags.add(new Diagnostic("bad-field", file.origin(), "a field with no valid name or type was skipped"));
        continue;
      }
      fields.put(f.name, new ClassInfo.FieldInfo(f.desc, (f.access & Opcodes.ACC_STATIC) != 0,
          annotations(f.visibleAnnotations, f.invisibleAnnotations), annotationStrings(f.visibleAnnotations,
              f.invisibleAnnotations), f.access));
    }
    Map<String, ClassInfo.MethodInfo> methods = new LinkedHashMap<>();
    List<MethodFacts> facts = new ArrayList<>();
    Map<String, int[]> offsets = null;
    UncheckedOnly unchecked = UncheckedOnly.of(cn);
    for (MethodNode mn : cn.methods) {
      if (mn.name == null || mn.desc == null || !mn.desc.startsWith("(")) {
        diags.add(new Diagnostic("bad-method", file.origin(), "a method with no valid name or descriptor was skipped"));
        continue;
      }
      methods.put(mn.name + mn.desc, new ClassInfo.MethodInfo(mn.access,
          annotations(mn.visibleAnnotations, mn.invisibleAnnotations),
          annotationStrings(mn.visibleAnnotations, mn.invisibleAnnotations),
          file.library() ? states.getOrDefault(mn.name + mn.desc, StateFacts.NONE) : StateScanner.of(mn),
          file.library() ? Map.of() : ParamCasts.of(mn)));
      if (file.library() || mn.instructions.size() == 0) {
        continue;
      }
      try {
        int[] at = null;
        if (!hasLines(mn)) {
          offsets = offsets != null ? offsets : offsets(reader);
          at = offsets.get(mn.name + mn.desc);
        }
        facts.add(MethodScanner.scan(cn.name, mn, at, unchecked));
      } catch (AnalyzerException | RuntimeException | StackOverflowError | AssertionError e) {
        diags.add(new Diagnostic("bad-method", file.origin(),
            "method " + mn.name + mn.desc + " skipped: " + describe(e)));
      }
    }
    // Interned like the names in method references and paths: the hierarchy's lookups then
    // compare names by identity.
    ClassInfo info = new ClassInfo(cn.name.intern(), cn.superName == null ? null : cn.superName.intern(),
        cn.interfaces == null ? List.of() : cn.interfaces.stream().map(String::intern).toList(),
        cn.access, cn.sourceFile == null ? "" : cn.sourceFile, fields, methods,
        annotations(cn.visibleAnnotations, cn.invisibleAnnotations), file.library(), file.origin(),
        annotationStrings(cn.visibleAnnotations, cn.invisibleAnnotations), SwitchMaps.of(cn));
    return new ScannedClass(info, facts, diags);
  }

  private static boolean hasLines(MethodNode mn) {
    for (var insn : mn.instructions) {
      if (insn instanceof org.objectweb.asm.tree.LineNumberNode) {
        return true;
      }
    }
    return false;
  }

  /** Offsets for frames without lines; none if the Code attributes cannot be walked. */
  private static Map<String, int[]> offsets(ClassReader reader) {
    try {
      return BytecodeOffsets.of(reader);
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) : m));
  }

  private static Set<String> annotations(List<AnnotationNode> a, List<AnnotationNode> b) {
    if ((a == null || a.isEmpty()) && (b == null || b.isEmpty())) {
      return Set.of(); // most members have none: no empty set per method
    }
    Set<String> out = new TreeSet<>();
    if (a != null) {
      a.forEach(x -> out.add(x.desc));
    }
    if (b != null) {
      b.forEach(x -> out.add(x.desc));
    }
    return out;
  }

  /** The {@code value} strings of each annotation (arrays flattened), for rule ids and lock names. */
  private static Map<String, List<String>> annotationStrings(List<AnnotationNode> a, List<AnnotationNode> b) {
    if ((a == null || a.isEmpty()) && (b == null || b.isEmpty())) {
      return Map.of();
    }
    Map<String, List<String>> out = new TreeMap<>();
    for (List<AnnotationNode> list : java.util.Arrays.asList(a, b)) {
      if (list == null) {
        continue;
      }
      for (AnnotationNode an : list) {
        List<String> vals = new ArrayList<>();
        if (an.values != null) {
          for (int i = 1; i < an.values.size(); i += 2) {
            if (!"value".equals(an.values.get(i - 1))) {
              continue; // justification and the like are prose, not names
            }
            Object v = an.values.get(i);
            if (v instanceof String s) {
              vals.add(s);
            } else if (v instanceof List<?> l) {
              for (Object o : l) {
                if (o instanceof String s) {
                  vals.add(s);
                }
              }
            }
          }
        }
        out.put(an.desc, vals);
      }
    }
    return out;
  }
}
