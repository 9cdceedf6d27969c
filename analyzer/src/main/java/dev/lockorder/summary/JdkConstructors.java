package dev.lockorder.summary;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * A JDK constructor keeps what it is given in the fields its subclasses read: {@code super(out)}
 * of a {@code FilterOutputStream} fills {@code out} with that argument (each argument of the
 * field's type is taken to go there). With the JDK's own object as their seed ({@link TypeFlow}),
 * those fields are no longer "anything".
 */
final class JdkConstructors {
  private JdkConstructors() {}

  /** Lets the arguments of {@code inv}, when it calls a JDK constructor, flow into its readable fields. */
  static void flow(MethodRef in, Op.Invoke inv, Outside outside, FlowValues values, FlowGraph<FlowKey> graph) {
    if (!inv.kind().equals("special") || !inv.method().name().equals("<init>") || inv.args().size() < 2) {
      return;
    }
    List<JdkTypes.Field> fields = outside.jdkFields(inv.method().owner());
    if (fields.isEmpty()) {
      return;
    }
    Type[] params = Type.getArgumentTypes(inv.method().desc());
    for (int i = 0; i < params.length && i + 1 < inv.args().size(); i++) {
      Val a = inv.args().get(i + 1);
      if (params[i].getSort() != Type.OBJECT || !FlowValues.isRef(a)) {
        continue;
      }
      for (JdkTypes.Field f : fields) {
        if (outside.isSubtype(params[i].getInternalName(), f.type())) {
          values.flow(values.sources(a, in), graph.node(new FlowKey('F', f.declarer() + "." + f.name(), 0)));
        }
      }
    }
  }
}
