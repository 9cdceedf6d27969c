package dev.lockorder.graph;

/**
 * One step of a witness stack.
 *
 * @param className binary class name with dots, e.g. {@code com.example.Foo$Bar}
 * @param method method name as in bytecode ({@code <init>} for constructors)
 * @param descriptor the method's JVM descriptor
 * @param sourceFile the class's {@code SourceFile} attribute, or empty when absent
 * @param line the source line, or -1 when the class has no line table
 * @param offset the bytecode offset, as {@code javap -c} shows it, when the class has no line
 *     table; -1 otherwise
 * @param kind what happens at this step
 */
public record Frame(String className, String method, String descriptor, String sourceFile, int line, int offset,
    Kind kind) {

  /** What a frame does. */
  public enum Kind {
    /** Calls the next frame's method. */
    CALL,
    /**
     * Calls the next frame's method, where the class hierarchy sends the call with nothing seen
     * tying it to that method: no object was seen reaching the receiver (it came from the library's
     * users, from reflection, or from a value the analysis lost). Other methods, or classes outside
     * the inputs, may run instead. The path may not exist.
     */
    GUESSED_CALL,
    /** Acquires a lock (the last frame of an acquisition witness). */
    ACQUIRE,
    /** Waits for other work: flush, join, get, await (a pseudo-lock acquisition). */
    WAIT,
    /** Hands a task to an executor, which runs the next frame's method. */
    SUBMIT,
    /**
     * Calls a JDK method that runs the function it is given, the next frame's method, on this
     * thread ({@code forEach}, {@code computeIfAbsent}). Written as a call in JSON and SARIF.
     */
    RUN_BY_JDK,
    /**
     * Calls the next frame's method, one of several the call may reach: the receiver is an element
     * of a container, whose contents are one set for every container its field holds, so which
     * object this is nothing tells. The path may not exist. Written as {@code guessed_call} in JSON.
     * Last, so that frames of the other kinds keep their order.
     */
    GUESSED_ELEMENT_CALL
  }

  public Frame {
    sourceFile = sourceFile == null ? "" : sourceFile;
  }

  /** Whether this frame's call is one of several it may reach, with nothing seen tying it to the next frame's. */
  public boolean guessed() {
    return kind == Kind.GUESSED_CALL || kind == Kind.GUESSED_ELEMENT_CALL;
  }

  /** {@code Foo.bar} with the simple class name, as in stack traces. */
  public String shortMethod() {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return simple + "." + method;
  }

  /**
   * {@code Foo.java:12}, as in stack traces; without a line, the method's descriptor and the
   * bytecode offset, so that overloads are told apart and {@code javap -c} finds the instruction:
   * {@code Foo.java, (I)V @12}.
   */
  public String location() {
    String file = sourceFile.isEmpty() ? "Unknown Source" : sourceFile;
    if (line >= 0) {
      return file + ":" + line;
    }
    return file + ", " + descriptor + (offset >= 0 ? " @" + offset : "");
  }

  /** A total order on frames without building strings (ties between witnesses are common). */
  public static int compare(Frame a, Frame b) {
    int c = a.className.compareTo(b.className);
    if (c != 0) {
      return c;
    }
    c = a.method.compareTo(b.method);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.line, b.line);
    if (c != 0) {
      return c;
    }
    c = a.descriptor.compareTo(b.descriptor);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.offset, b.offset);
    return c != 0 ? c : a.kind.compareTo(b.kind);
  }

  /** Shorter first, then frame by frame. */
  public static int compare(java.util.List<Frame> a, java.util.List<Frame> b) {
    if (a.size() != b.size()) {
      return Integer.compare(a.size(), b.size());
    }
    for (int i = 0; i < a.size(); i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return className + "." + method + "(" + location() + ")";
  }
}
