package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A monitor on what a factory held in a field hands out ({@code contextMutexFactory.mutexFor(k)},
 * {@code mutexes.computeIfAbsent(k, k -> new Mutex())}): named by the factory's field and the
 * method, as lockdep names a lock by where it is made. Two factories' objects are then two lock
 * classes, not one class per type.
 *
 * <p>A JDK or library container hands back what was put in, which may be an object whose own
 * class locks it as {@code this}: then the container's name would split one lock in two (a
 * broadcaster holding its monitor while it sends to each sink of its list, a sink's synchronized
 * {@code close()} calling back into the broadcaster: Quarkus's SSE deadlock). Such an element keeps
 * its class's name.
 */
final class FactoryNames {
  private final Program program;
  private final Map<List<String>, Boolean> ownFactory = new HashMap<>();
  private final Map<String, Boolean> locksItself = new HashMap<>();

  FactoryNames(Program program) {
    this.program = program;
  }

  /**
   * The key and display name of {@code v}'s monitor as a factory's product; null when {@code v}
   * is not a call on a factory in a field, the field only keeps a factory made elsewhere, or the
   * factory is a container of objects that lock themselves.
   *
   * @param fieldName names the factory's field as a lock in it would be
   */
  String[] madeBy(Val v, Function<Val, String[]> fieldName) {
    if (!(v instanceof Val.Call c) || c.args().isEmpty() || FlowValues.isStatic(c)) {
      return null;
    }
    Val recv = c.args().get(0);
    if (!(recv instanceof Val.Field) && !(recv instanceof Val.Static)) {
      return null;
    }
    if (!program.isApplication(c.method().owner()) && locksItself(v.type())) {
      return null;
    }
    if (!makesItsOwn(recv)) {
      // A copy of a factory made elsewhere (handed to a constructor): other code reaches the same
      // factory by other names, so its products stay their class's lock class.
      return null;
    }
    // The factory is named as a lock in that field would be: by the path when its class lives in
    // several fields, waiting for the caller when the path starts at a parameter.
    String[] f = fieldName.apply(recv);
    if (f[0].startsWith("type ")) {
      return null;
    }
    String m = c.method().name() + "()";
    return new String[] {f[0] + "." + m, f[1] + "." + m, ""};
  }

  /** Whether every value stored into the field is an allocation made there: the field's own factory. */
  private boolean makesItsOwn(Val field) {
    String owner = field instanceof Val.Field f ? f.owner() : ((Val.Static) field).owner();
    String name = field instanceof Val.Field f ? f.name() : ((Val.Static) field).name();
    return ownFactory.computeIfAbsent(List.of(owner, name), k -> {
      var stores = program.storesOf(program.fieldDeclarer(owner, name), name);
      return !stores.isEmpty() && stores.stream().allMatch(st -> st.value() instanceof Val.New);
    });
  }

  /** Whether code of {@code type} or a superclass takes its own monitor: a synchronized method, or {@code synchronized (this)}. */
  private boolean locksItself(String type) {
    Boolean known = locksItself.get(type);
    if (known != null) {
      return known;
    }
    boolean out = false;
    int guard = 0;
    for (String c = type; c != null && !out && guard++ < 100; ) {
      ClassInfo ci = program.classInfo(c);
      if (ci == null || ci.library()) {
        break;
      }
      for (String sig : ci.methods().keySet()) {
        int paren = sig.indexOf('(');
        MethodFacts mf = program.facts(MethodRef.of(c, sig.substring(0, paren), sig.substring(paren)));
        if (mf != null && !mf.isStatic() && (mf.isSynchronized() || entersThis(mf))) {
          out = true;
          break;
        }
      }
      c = ci.superName();
    }
    locksItself.put(type, out);
    return out;
  }

  private static boolean entersThis(MethodFacts mf) {
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.MonitorEnter e && e.lock() instanceof Val.Param p && p.index() == 0) {
        return true;
      }
    }
    return false;
  }
}
