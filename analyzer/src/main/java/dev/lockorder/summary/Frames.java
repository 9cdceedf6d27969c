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
  private final Map<List<Object>, Frame> frames = new HashMap<>();

  Frames(Program program) {
    this.program = program;
  }

  Frame frame(MethodRef m, Node at, Frame.Kind kind) {
    return frames.computeIfAbsent(List.of(m, at.line(), at.offset(), kind), k -> {
      ClassInfo ci = program.classInfo(m.owner());
      return new Frame(m.className().intern(), m.name(), m.desc(), ci == null ? "" : ci.sourceFile(), at.line(),
          at.offset(), kind);
    });
  }

  Trace trace(MethodRef m, Node at, Frame.Kind kind) {
    return Trace.of(frame(m, at, kind));
  }
}
