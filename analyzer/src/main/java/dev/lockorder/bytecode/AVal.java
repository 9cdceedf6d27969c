package dev.lockorder.bytecode;

import dev.lockorder.ir.Val;
import org.objectweb.asm.tree.analysis.Value;

/** Adapts a symbolic {@link Val} to ASM's frame slots, which also need the value's size. */
record AVal(Val val, int size) implements Value {
  static final AVal UNINIT = new AVal(new Val.Unknown("java/lang/Object"), 1);

  @Override
  public int getSize() {
    return size;
  }
}
