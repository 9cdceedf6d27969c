package dev.lockorder.bytecode;

import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * A frame that tells the {@link PathInterpreter} when another is merged into it: ASM merges slot
 * by slot, locals first, so the interpreter knows which slot of which frame each value joins.
 */
final class JoinFrame extends Frame<AVal> {
  private int id = -1;

  JoinFrame(int numLocals, int numStack) {
    super(numLocals, numStack);
  }

  JoinFrame(Frame<? extends AVal> frame) {
    super(frame);
  }

  /**
   * As ASM's merge, slot by slot, locals first; a slot holding the very same value in both frames
   * (three slots in four on kafka-clients) only takes its join number: merging a value with itself
   * gives it back unchanged, so the interpreter is not asked.
   */
  @Override
  public boolean merge(Frame<? extends AVal> frame, Interpreter<AVal> interpreter) throws AnalyzerException {
    if (!(interpreter instanceof PathInterpreter p)) {
      return super.merge(frame, interpreter);
    }
    if (id < 0) {
      id = p.joins.frame();
    }
    p.joins.begin(id, getLocals() + getMaxStackSize());
    if (getStackSize() != frame.getStackSize()) {
      throw new AnalyzerException(null, "Incompatible stack heights");
    }
    boolean changed = false;
    int locals = getLocals();
    for (int i = 0; i < locals + getStackSize(); i++) {
      boolean local = i < locals;
      AVal mine = local ? getLocal(i) : getStack(i - locals);
      AVal theirs = local ? frame.getLocal(i) : frame.getStack(i - locals);
      if (mine == theirs) {
        p.joins.next();
        continue;
      }
      AVal v = p.merge(mine, theirs);
      if (!v.equals(mine)) {
        if (local) {
          setLocal(i, v);
        } else {
          setStack(i - locals, v);
        }
        changed = true;
      }
    }
    return changed;
  }
}
