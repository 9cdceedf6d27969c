package dev.lockorder.input;

import dev.lockorder.Diagnostic;
import java.util.List;

/**
 * Every class file read from the inputs and the classpath, in a deterministic order (the order of
 * the paths given, then sorted names within each), with the warnings met on the way.
 */
public record Inputs(List<ClassFile> classes, List<Diagnostic> diagnostics, int skipped) {
  public Inputs {
    classes = List.copyOf(classes);
    diagnostics = List.copyOf(diagnostics);
  }
}
