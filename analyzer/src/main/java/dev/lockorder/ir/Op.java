package dev.lockorder.ir;

import java.util.List;

/** What happens at one node of a method's event graph. */
public sealed interface Op {

  /** The method's entry. */
  record Entry() implements Op {}

  /** A {@code monitorenter}. */
  record MonitorEnter(Val lock) implements Op {}

  /** A {@code monitorexit}. */
  record MonitorExit(Val lock) implements Op {}

  /**
   * A call. {@code args} includes the receiver first for instance calls.
   *
   * @param kind one of {@code static}, {@code virtual}, {@code interface}, {@code special}
   */
  record Invoke(MethodRef method, String kind, List<Val> args) implements Op {
    public Invoke {
      args = List.copyOf(args);
    }

    /** The value this call produces, exactly as the operand stack holds it after the call. */
    public Val result() {
      String d = method.desc();
      String ret = d.substring(d.indexOf(')') + 1);
      String type = ret.startsWith("L") ? ret.substring(1, ret.length() - 1) : ret;
      return Val.truncate(new Val.Call(method, args, type), Val.MAX_DEPTH);
    }

    /** Whether the call returns a boolean: a success flag (tryLock). */
    public boolean returnsBoolean() {
      return method.desc().endsWith(")Z");
    }

    /** Whether the call returns an object, which a caller can test against null. */
    public boolean returnsReference() {
      return method.desc().endsWith(";") || method.desc().charAt(method.desc().indexOf(')') + 1) == '[';
    }
  }

  /**
   * A branch on a call's result: a {@code boolean} ({@code if (l.tryLock())}) or a reference
   * compared with null ({@code if (handle != null)}). A lock that the call took only when it
   * succeeded is held on the {@code succs} side alone.
   *
   * @param value the tested value, the same {@link Val.Call} the call produced
   */
  record Test(Val value) implements Op {
    /** {@code ==} of a reference and a constant: a synthetic static call that names both. */
    public static final MethodRef SAME = MethodRef.of("java/lang/Object", "==", "(Ljava/lang/Object;Ljava/lang/Object;)Z");

    /** The value of {@code a == b}, for a branch on it ({@code if (state.getAndSet(CLOSED) == CLOSED)}). */
    public static Val same(Val a, Val b) {
      return new Val.Call(SAME, List.of(a, b), "Z");
    }
  }

  /**
   * A constant stored into a local that records whether a lock was taken ({@code stamp =
   * readLock(); acquiredReadLock = true;}): with {@code value} true, right after the acquisition at
   * node {@code takenAt} (-1: after none), the locks taken there are held only where the local is
   * true; with {@code value} false, that no longer says anything. A branch on the local is a
   * {@link Test} of {@link #of}{@code (slot)}.
   */
  record TakenFlag(int slot, boolean value, int takenAt) implements Op {
    private static final String PREFIX = "#taken";

    /** The value a test of the local in {@code slot} tests. */
    public static Val of(int slot) {
      return new Val.Const(PREFIX + slot, "Z");
    }

    /** Whether {@code v} is a taken flag's value, which lives only as long as its method runs. */
    public static boolean is(Val v) {
      return v instanceof Val.Const c && "Z".equals(c.type()) && c.value() instanceof String s && s.startsWith(PREFIX);
    }
  }

  /** A normal return; {@code value} is null for void. */
  record Return(Val value) implements Op {}
}
