package dev.lockorder.graph;

/**
 * One step of a witness stack.
 *
 * @param className binary class name with dots, e.g. {@code com.example.Foo$Bar}
 * @param method method name as in bytecode ({@code <init>} for constructors)
 * @param descriptor the method's JVM descriptor
 * @param sourceFile the class's {@code SourceFile} attribute, or empty when absent
 * @param line the source line, or -1 when the class has no line table
 * @param kind what happens at this step
 */
public record Frame(String className, String method, String descriptor, String sourceFile, int line, Kind kind) {

  /** What a frame does. */
  public enum Kind {
    /** Calls the next frame's method. */
    CALL,
    /** Acquires a lock (the last frame of an acquisition witness). */
    ACQUIRE,
    /** Waits for other work: flush, join, get, await (a pseudo-lock acquisition). */
    WAIT,
    /** Hands a task to an executor, which runs the next frame's method. */
    SUBMIT
  }

  public Frame {
    sourceFile = sourceFile == null ? "" : sourceFile;
  }

  /** {@code Foo.bar} with the simple class name, as in stack traces. */
  public String shortMethod() {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return simple + "." + method;
  }

  /** {@code Foo.java:12}, as in stack traces. */
  public String location() {
    String file = sourceFile.isEmpty() ? "Unknown Source" : sourceFile;
    return line >= 0 ? file + ":" + line : file;
  }

  @Override
  public String toString() {
    return className + "." + method + "(" + location() + ")";
  }
}
