package dev.lockorder.ir;

import java.util.List;

/**
 * A symbolic value: what an operand of a lock, call or store is, as an access path over the
 * method's parameters, statics and allocations. Values are immutable and compared structurally,
 * so the dataflow reaches a fixpoint and results are deterministic.
 *
 * <p>Every value knows its static type (an internal name, or a descriptor for primitives and
 * arrays), which is the fallback lock class when its identity is unknown.
 */
public sealed interface Val {

  /** Internal name of the static type ({@code java/lang/Object} when unknown). */
  String type();

  /** Nesting depth; paths deeper than {@link #MAX_DEPTH} become {@link Unknown}. */
  int depth();

  int MAX_DEPTH = 4;

  /** Parameter {@code index} (0 is {@code this} in instance methods), by position, not slot. */
  record Param(int index, String type) implements Val {
    public int depth() { return 0; }
  }

  /** A static field. */
  record Static(String owner, String name, String type) implements Val {
    public int depth() { return 0; }
  }

  /** A field of another value. {@code owner} is the class named in the bytecode. */
  record Field(Val base, String owner, String name, String type) implements Val {
    public int depth() { return base.depth() + 1; }
  }

  /** An element of an array value. */
  record Elem(Val array, String type) implements Val {
    public int depth() { return array.depth() + 1; }
  }

  /** A {@code Foo.class} literal. */
  record ClassLit(String className) implements Val {
    public String type() { return "java/lang/Class"; }
    public int depth() { return 0; }
  }

  /** An object allocated at {@code site} (method plus instruction index). */
  record New(String type, String site) implements Val {
    public int depth() { return 0; }
  }

  /** An int, long or string constant (for pool sizes and names). */
  record Const(Object value, String type) implements Val {
    public int depth() { return 0; }
  }

  /** The result of a call, kept symbolic so that models and getter summaries can interpret it. */
  record Call(MethodRef method, List<Val> args, String type) implements Val {
    public Call {
      args = List.copyOf(args);
    }

    public int depth() {
      int d = 0;
      for (Val a : args) {
        d = Math.max(d, a.depth());
      }
      return d + 1;
    }
  }

  /**
   * A lambda or method reference: calling its functional method calls {@code impl} with the
   * captured values first.
   *
   * @param sam the name of the functional interface's method, e.g. {@code run}
   */
  record Lambda(MethodRef impl, int implTag, String sam, List<Val> captures, String type) implements Val {
    public Lambda {
      captures = List.copyOf(captures);
    }

    public int depth() {
      int d = 0;
      for (Val a : captures) {
        d = Math.max(d, a.depth());
      }
      return d + 1;
    }
  }

  /** Nothing is known but the type: merged paths, arithmetic, caught exceptions. */
  record Unknown(String type) implements Val {
    public int depth() { return 0; }
  }

  /** The root of an access path. */
  static Val root(Val v) {
    while (true) {
      if (v instanceof Field f) {
        v = f.base();
      } else if (v instanceof Elem e) {
        v = e.array();
      } else {
        return v;
      }
    }
  }
}
