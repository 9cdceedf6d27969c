package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.List;

/**
 * A static initializer that touches a subclass of its own class (a superclass's {@code static
 * final Base ALL = new AllSub();}): the JVM initializes a class's superclass while it holds the
 * class's own initialization lock, so a thread initializing the subclass waits for the superclass,
 * which waits for the subclass on the thread initializing it (JDK-6301579). Both edges are the JVM's,
 * whatever the initializers take, so they are emitted at the touch, not carried in summaries.
 * A subclass that only the superclass's code touches, or code that runs only once the superclass
 * is initialized, is initialized only where the superclass is ({@link InitializedHere}): no cycle.
 */
final class SubclassInits {
  private final Emitter emitter;
  private final Frames frames;
  private final InitializedHere initialized;

  SubclassInits(Emitter emitter, Frames frames, InitializedHere initialized) {
    this.emitter = emitter;
    this.frames = frames;
    this.initialized = initialized;
  }

  /** At a first touch ({@code inv}, a call of a class's initializer) in method {@code mf}. */
  void atTouch(MethodFacts mf, Node node, Op.Invoke inv) {
    String base = mf.ref().owner();
    String sub = inv.method().owner();
    if (!mf.ref().name().equals("<clinit>") || sub.equals(base) || !initialized.extendsOrIs(sub, base)
        || initialized.initializedAfter(sub, base)) {
      return;
    }
    Trace here = frames.trace(mf.ref(), node, Frame.Kind.ACQUIRE);
    LockRef baseInit = new LockRef(LockClass.Kind.INIT, new Val.ClassLit(base));
    LockRef subInit = new LockRef(LockClass.Kind.INIT, new Val.ClassLit(sub));
    emitter.emitEdge(List.of(new Held(baseInit, Mode.EXCLUSIVE, here, false)),
        new Acq(subInit, Mode.EXCLUSIVE, false, false, false, here), true);
    emitter.emitEdge(List.of(new Held(subInit, Mode.EXCLUSIVE, here, false)),
        new Acq(baseInit, Mode.EXCLUSIVE, false, false, false, here), true);
  }
}
