package dev.lockorder.bytecode;

import dev.lockorder.Diagnostic;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import java.util.List;

/**
 * One class after the bytecode stage.
 *
 * @param info hierarchy, fields, methods
 * @param methods facts of each method with code (none for library classes)
 * @param diagnostics methods that could not be analyzed
 */
public record ScannedClass(ClassInfo info, List<MethodFacts> methods, List<Diagnostic> diagnostics) {}
