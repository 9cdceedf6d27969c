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
  }

  /** A normal return; {@code value} is null for void. */
  record Return(Val value) implements Op {}
}
