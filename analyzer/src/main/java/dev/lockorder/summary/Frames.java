package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Witness frames, shared: the same call site appears in many witnesses. */
final class Frames {
  private final Program program;
  /** Per method, per node (by identity: each node is one instruction of one method), per kind. */
  private final Map<MethodRef, java.util.IdentityHashMap<Node, Frame[]>> frames = new HashMap<>();

  Frames(Program program) {
    this.program = program;
  }

  Frame frame(MethodRef m, Node at, Frame.Kind kind) {
    Frame[] byKind = frames.computeIfAbsent(m, k -> new java.util.IdentityHashMap<>())
        .computeIfAbsent(at, k -> new Frame[Frame.Kind.values().length]);
    Frame f = byKind[kind.ordinal()];
    if (f == null) {
      ClassInfo ci = program.classInfo(m.owner());
      f = new Frame(m.className().intern(), m.name(), m.desc(), ci == null ? "" : ci.sourceFile(), at.line(),
          at.offset(), kind);
      byKind[kind.ordinal()] = f;
    }
    return f;
  }

  /** Whether {@code f} is one of the frames made for node {@code at} of {@code m}: something happened there. */
  boolean madeAt(MethodRef m, Node at, Frame f) {
    var byNode = frames.get(m);
    Frame[] byKind = byNode == null ? null : byNode.get(at);
    if (byKind != null) {
      for (Frame x : byKind) {
        if (x == f) {
          return true;
        }
      }
    }
    return false;
  }

  Trace trace(MethodRef m, Node at, Frame.Kind kind) {
    return Trace.of(frame(m, at, kind));
  }
}
