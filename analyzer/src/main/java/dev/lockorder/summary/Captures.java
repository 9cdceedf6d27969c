package dev.lockorder.summary;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;

/**
 * The values a lambda captured, seen from a method that only has the lambda as a parameter. A
 * helper that runs the task it is given ({@code runNow(Runnable task) { task.run(); }}) reaches
 * the lambda's code with the captured values as its arguments; in the helper's summary they are
 * pseudo-fields of the parameter ({@code task.<captured 0>}), and the caller that passes the lambda
 * itself puts its captured values there ({@code runNow(this::flush)}: the caller's {@code this}).
 * An entry reached that way is bound to that lambda's code ({@link Receivers}): a caller passing
 * another lambda, or an object of a named class, never runs it.
 */
final class Captures {
  /** Marks both the pseudo-fields' owner and the bound's class: no class name starts with it. */
  private static final String PREFIX = "\u03bb";
  private static final String FIELD = "captured#";

  private Captures() {}

  /** Captured value {@code i} of whatever lambda with code {@code impl} {@code lambda} is. */
  static Val.Field of(Val lambda, MethodRef impl, int i, String type) {
    return new Val.Field(lambda, owner(impl), FIELD + i, type);
  }

  static boolean is(Val.Field f) {
    return f.owner().startsWith(PREFIX);
  }

  /**
   * What the pseudo-field is of lambda {@code l}: the value it captured when {@code l} runs the
   * code the field was made for, else null (another lambda: the entry's bound drops it).
   */
  static Val of(Val.Field f, Val.Lambda l) {
    if (!f.owner().equals(owner(l.impl()))) {
      return null;
    }
    int i = Integer.parseInt(f.name().substring(FIELD.length()));
    return i < l.captures().size() ? l.captures().get(i) : null;
  }

  /** The bound's class of the objects that run {@code impl}: the lambdas made with that code. */
  static String boundClass(MethodRef impl) {
    return owner(impl);
  }

  static boolean isBoundClass(String c) {
    return c.startsWith(PREFIX);
  }

  /** Whether {@code l} is one of the bound's lambdas. */
  static boolean runs(String boundClass, Val.Lambda l) {
    return boundClass.equals(owner(l.impl()));
  }

  private static String owner(MethodRef impl) {
    return PREFIX + impl.owner() + "." + impl.name() + impl.desc();
  }
}
