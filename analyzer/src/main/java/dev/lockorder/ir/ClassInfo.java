package dev.lockorder.ir;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the analysis needs of one class besides its code: the hierarchy, fields and methods.
 *
 * @param name internal name
 * @param superName internal name of the superclass, null for {@code java/lang/Object}
 * @param interfaces internal names
 * @param access class access flags
 * @param sourceFile the {@code SourceFile} attribute, or empty
 * @param fields field name to its info
 * @param methods {@code name+desc} to access flags
 * @param annotations descriptors of class-level annotations (any retention kept in the class file)
 * @param library true for classpath classes: no finding is reported inside them
 * @param origin the file it was read from
 * @param annotationStrings for each class annotation, the string values it carries
 * @param switchMaps javac's tables for switches on enums that this class holds: per table field,
 *     each constant ({@code owner.NAME}) and its case number
 */
public record ClassInfo(String name, String superName, List<String> interfaces, int access, String sourceFile,
    Map<String, FieldInfo> fields, Map<String, MethodInfo> methods, Set<String> annotations, boolean library,
    String origin, Map<String, List<String>> annotationStrings, Map<String, Map<String, Integer>> switchMaps) {

  public static final int ACC_INTERFACE = 0x0200;
  public static final int ACC_ABSTRACT = 0x0400;
  public static final int ACC_STATIC = 0x0008;
  public static final int ACC_SYNCHRONIZED = 0x0020;
  public static final int ACC_PRIVATE = 0x0002;

  public boolean isInterface() {
    return (access & ACC_INTERFACE) != 0;
  }

  public boolean isAbstract() {
    return (access & ACC_ABSTRACT) != 0;
  }

  /** A field: its descriptor, whether static, the annotations on it and its access flags. */
  public record FieldInfo(String desc, boolean isStatic, Set<String> annotations,
      Map<String, List<String>> annotationStrings, int access) {}

  /**
   * A method's flags and annotations.
   *
   * @param annotationStrings for each annotation descriptor, the string values it carries (for
   *     suppression ids and {@code @GuardedBy} names)
   * @param state what the method does to object state, for tests on fresh objects
   * @param paramCasts for a constructor, the parameters (by position, {@code this} is 0) it casts
   *     before it can return, to the type cast to: no object it builds was given another
   */
  public record MethodInfo(int access, Set<String> annotations, Map<String, List<String>> annotationStrings,
      StateFacts state, Map<Integer, String> paramCasts) {
    public boolean isStatic() {
      return (access & ACC_STATIC) != 0;
    }

    public boolean isAbstract() {
      return (access & ACC_ABSTRACT) != 0;
    }
  }
}
