package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The captured parameters of a lambda's own body. javac compiles {@code () -> buffer} to a private
 * synthetic method whose leading parameters are the values the lambda captured; only the
 * {@code invokedynamic} that makes the lambda hands them in, never a call and never code outside
 * the inputs. So those parameters hold what was captured where the lambda was made, not anything:
 * a call on what such a lambda hands back runs the captured object's class, not every class the
 * hierarchy allows (pgjdbc's {@code PGbytea.toPGLiteral} hands a writer a target that gives back
 * the buffer it captured; the writer's {@code write} on it went to the large-object stream).
 *
 * <p>Only bodies of that kind (private, synthetic, called by no instruction of the inputs) are
 * kept, so a method reference to an ordinary method stays open; the parameters after the captured
 * ones are what the interface's callers pass, anything as before. Unsound for a lambda the bytecode
 * reader never sees made (one put only into an array): its body's captured parameters hold nothing.
 */
final class LambdaBodies {
  /** A lambda made in method {@code in}. */
  record Made(MethodRef in, Val.Lambda lambda) {}

  /** Per lambda body: how many of its leading parameters are captured values. */
  private final Map<MethodRef, Integer> captured = new HashMap<>();
  private final List<Made> made = new ArrayList<>();

  LambdaBodies(Program program) {
    // One walk: the methods an instruction names (a private method is run by no other call), and
    // the lambdas with captures, in order, kept below once every named method is known.
    Set<MethodRef> named = new HashSet<>();
    List<Made> capturing = new ArrayList<>();
    List<Val.Lambda> found = new ArrayList<>();
    for (MethodFacts mf : program.methods()) {
      found.clear();
      for (Node n : mf.nodes()) {
        Op op = n.op();
        if (op instanceof Op.Invoke inv) {
          named.add(inv.method());
          for (Val a : inv.args()) {
            collect(a, found);
          }
        } else if (op instanceof Op.Return r && r.value() != null) {
          collect(r.value(), found);
        } else if (op instanceof Op.Test t) {
          collect(t.value(), found);
        }
      }
      for (FieldStore st : mf.stores()) {
        collect(st.value(), found);
      }
      if (mf.merged() != null) {
        mf.merged().forEach(v -> collect(v, found));
      }
      mf.mergedAt().values().forEach(vs -> vs.forEach(v -> collect(v, found)));
      for (Val.Lambda l : found) {
        if (!l.captures().isEmpty() && !truncatedCopy(l, found)) {
          capturing.add(new Made(mf.ref(), l));
        }
      }
    }
    for (Made m : capturing) {
      Val.Lambda l = m.lambda();
      if (isBody(program, l.impl(), named)) {
        captured.merge(l.impl(), l.captures().size(), Math::max);
        made.add(m);
      }
    }
  }

  /**
   * Whether {@code l} is another lambda of {@code found} with its paths cut ({@link Val#truncate}):
   * a lambda nested deep in a value ({@code return run(tx -> f(list.get(i))).booleanValue()}) keeps
   * its captures only to a depth, so {@code this.list} there is unknown, and a call on an unknown
   * receiver may be every implementation's. The lambda's instruction made one object, whose
   * captures the uncut copy names (one frame per instruction, so one value per body in a method).
   */
  private static boolean truncatedCopy(Val.Lambda l, List<Val.Lambda> found) {
    for (Val.Lambda o : found) {
      if (o != l && o.impl().equals(l.impl()) && !o.equals(l)) {
        for (int k = 1; k < o.depth(); k++) {
          if (Val.truncate(o, k).equals(l)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static final int ACC_SYNTHETIC = 0x1000;

  /** A lambda's own body: a private synthetic method of the inputs that no instruction calls. */
  private static boolean isBody(Program program, MethodRef impl, Set<MethodRef> named) {
    MethodFacts f = program.facts(impl);
    return f != null && (f.access() & dev.lockorder.ir.ClassInfo.ACC_PRIVATE) != 0
        && (f.access() & ACC_SYNTHETIC) != 0 && !named.contains(impl);
  }

  /** Every lambda in {@code v}, captures and call arguments included. */
  private static void collect(Val v, List<Val.Lambda> out) {
    if (v instanceof Val.Lambda l) {
      out.add(l);
      l.captures().forEach(c -> collect(c, out));
    } else if (v instanceof Val.Call c) {
      c.args().forEach(a -> collect(a, out));
    } else if (v instanceof Val.Field f) {
      collect(f.base(), out);
    }
  }

  /**
   * Whether parameter {@code index} of {@code m} is a captured value of a lambda body ({@code 0},
   * the receiver of an instance body, is {@code this} and is answered elsewhere).
   */
  boolean isCaptured(MethodRef m, int index) {
    Integer n = captured.get(m);
    return n != null && index < n;
  }

  /** The lambdas made with a body whose captured parameters are kept, where each was made. */
  List<Made> made() {
    return made;
  }
}
