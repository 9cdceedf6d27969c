package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.summary.FlowValues.Site;
import java.util.Map;
import java.util.TreeMap;

/**
 * A constructor parameter that the constructor casts before it can return holds only objects of
 * the cast's type ({@code bytecode/ParamCasts}): any other object makes the constructor throw, and
 * the object it was building is never finished. derby's {@code PositionedStoreStream} stores its
 * {@code InputStream} and casts it to {@code Resetable} at once, so its {@code stream.read()} never
 * reaches a stream class that is no {@code Resetable}. "Anything" stays anything; an object of a
 * class whose supertypes are not all read stays too.
 */
final class CastParams {
  private CastParams() {}

  static void restrict(Program program, Outside outside, FlowGraph<FlowKey> graph) {
    for (MethodFacts mf : program.methods()) {
      if (!mf.ref().name().equals("<init>")) {
        continue;
      }
      ClassInfo ci = program.classInfo(mf.ref().owner());
      ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(mf.ref().signature());
      if (mi == null || mi.paramCasts().isEmpty()) {
        continue;
      }
      for (Map.Entry<Integer, String> e : new TreeMap<>(mi.paramCasts()).entrySet()) {
        String type = e.getValue();
        graph.restrict(graph.node(new FlowKey('P', mf.ref(), e.getKey())), id -> {
          Object t = graph.type(id);
          String c = t instanceof Site s ? s.type() : t instanceof String name ? name : null;
          return c == null || outside.isSubtype(c, type) || !outside.knownHierarchy(c);
        });
      }
    }
  }
}
