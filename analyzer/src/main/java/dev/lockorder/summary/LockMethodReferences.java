package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;

/**
 * A call of a functional interface on a method reference to a JDK lock method is that method's
 * call on what the reference captured: jaybird keeps {@code LockCloseable unlock = lock::unlock}
 * and hands it out from {@code withLock()}, so the {@code close()} at the end of {@code try
 * (LockCloseable c = withLock()) {..}} is {@code lock.unlock()}. The JDK method has no code in the
 * program to summarize; its model ({@link Models}) says what it does to the lock.
 */
final class LockMethodReferences {
  private LockMethodReferences() {}

  /** The call {@code inv} stands for, or {@code inv} itself when it is no call on such a reference. */
  static Op.Invoke called(Op.Invoke inv, Program program, Resolver resolver) {
    // The receiver is normalized only for calls of an interface that some reference of the program
    // implements (as HandleCloses looks for them): every other call passes here on every pass.
    if (inv.args().isEmpty() || !(inv.kind().equals("interface") || inv.kind().equals("virtual"))
        || !program.lambdasByType().containsKey(inv.method().owner())
        || program.effect(inv.method()) != Models.Effect.NONE
        || !(reference(resolver.normalize(inv.args().get(0)), program) instanceof Val.Lambda l)
        || !l.sam().equals(inv.method().name())
        || program.facts(l.impl()) != null || program.effect(l.impl()) == Models.Effect.NONE
        || l.implTag() != Opcodes.H_INVOKEVIRTUAL && l.implTag() != Opcodes.H_INVOKEINTERFACE) {
      return inv;
    }
    // A bound reference captured its receiver; an unbound one takes it as the first argument.
    List<Val> args = new ArrayList<>(l.captures());
    args.addAll(inv.args().subList(1, inv.args().size()));
    if (args.isEmpty()) {
      return inv;
    }
    return new Op.Invoke(l.impl(), l.implTag() == Opcodes.H_INVOKEINTERFACE ? "interface" : "virtual", args);
  }

  /**
   * The reference a receiver is: itself, or what a field holds that only its class's constructors
   * store into, each the same reference made from the new object's own paths ({@code unlock =
   * lock::unlock}), in the terms of the field's holder.
   */
  private static Val reference(Val recv, Program program) {
    if (!(recv instanceof Val.Field f)) {
      return recv;
    }
    String declarer = program.fieldDeclarer(f.owner(), f.name());
    List<FieldStore> stores = declarer == null ? List.of() : program.storesOf(declarer, f.name());
    Val.Lambda only = null;
    for (FieldStore st : stores) {
      if (!st.method().name().equals("<init>") || !st.method().owner().equals(declarer)
          || !(st.base() instanceof Val.Param p && p.index() == 0) || !(st.value() instanceof Val.Lambda l)
          || only != null && !only.equals(l) || !l.captures().stream().allMatch(LockMethodReferences::ownPath)) {
        return recv;
      }
      only = l;
    }
    return only == null ? recv : Subst.rewrite(only, List.of(f.base()));
  }

  /** A path from the constructor's new object alone: {@code this.lock}. */
  private static boolean ownPath(Val v) {
    while (v instanceof Val.Field f) {
      v = f.base();
    }
    return v instanceof Val.Param p && p.index() == 0;
  }
}
