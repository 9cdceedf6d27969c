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

  @Override
  public boolean merge(Frame<? extends AVal> frame, Interpreter<AVal> interpreter) throws AnalyzerException {
    if (interpreter instanceof PathInterpreter p) {
      if (id < 0) {
        id = p.joins.frame();
      }
      p.joins.begin(id, getLocals() + getMaxStackSize());
    }
    return super.merge(frame, interpreter);
  }
}
