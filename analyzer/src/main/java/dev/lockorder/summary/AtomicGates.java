package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
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
 * One-winner gates on an atomic field whose last state no code ever leaves: {@code if
 * (closed.getAndSet(true)) return;}, {@code if (!closed.compareAndSet(false, true)) return;},
 * {@code if (state.getAndSet(CLOSED) == CLOSED) return;} (tomcat-coyote's {@code
 * Http2UpgradeHandler.close()}, whose state's other writes are {@code compareAndSet}s from other
 * states). One thread per object gets past the test, ever: what it does there runs on one thread,
 * as behind {@link OneWinners}' gates, and shares their key. The field must be the inputs' own (not
 * public or protected, filled only by its object's constructors with a new atomic), and never
 * handed anywhere but to the atomic's own methods, so that every write to it is seen.
 */
final class AtomicGates {
  private static final String BOOL = "java/util/concurrent/atomic/AtomicBoolean";
  private static final String REF = "java/util/concurrent/atomic/AtomicReference";
  private static final Set<String> READS = Set.of("get", "getPlain", "getOpaque", "getAcquire", "toString");

  /** A gate, and whether its test wins where it is true (else where it is false). */
  record Win(String gate, boolean onTrue) {}

  private final Program program;
  /** Per atomic field ({@code declarer.name}): every call that may write it; null for a field that escapes. */
  private Map<String, List<Val.Call>> writes;

  AtomicGates(Program program) {
    this.program = program;
  }

  /** The gate a test of {@code v} wins, and on which side; null for any other test. */
  Win of(Val v) {
    if (!(v instanceof Val.Call c)) {
      return null;
    }
    if (named(c, BOOL, "compareAndSet") && isInt(c.args().get(1), 0) && isInt(c.args().get(2), 1)) {
      return once(c, null) ? new Win(key(c), true) : null;
    }
    if (named(c, BOOL, "getAndSet") && isInt(c.args().get(1), 1)) {
      return once(c, null) ? new Win(key(c), false) : null;
    }
    if (c.method().equals(Op.Test.SAME) && c.args().get(0) instanceof Val.Call set && named(set, REF, "getAndSet")
        && set.args().get(1) instanceof Val.Static last && last.equals(c.args().get(1))) {
      return once(set, last) ? new Win(key(set), false) : null;
    }
    return null;
  }

  private static boolean named(Val.Call c, String owner, String name) {
    return c.method().owner().equals(owner) && c.method().name().equals(name);
  }

  private String key(Val.Call c) {
    Val.Field f = (Val.Field) c.args().get(0);
    return "(one winner)" + program.fieldDeclarer(f.owner(), f.name()) + "." + f.name();
  }

  /**
   * Whether the call's receiver is an atomic field that, once in its last state ({@code true}, or
   * {@code last}), never leaves it.
   */
  private boolean once(Val.Call c, Val.Static last) {
    if (!(c.args().get(0) instanceof Val.Field f)) {
      return false;
    }
    String declarer = program.fieldDeclarer(f.owner(), f.name());
    if (!OneWinners.ownField(program, declarer + "." + f.name()) || !Nesting.madeByItsOwner(declarer, f.name(), program)) {
      return false;
    }
    List<Val.Call> ws = writes().get(declarer + "." + f.name());
    return ws != null && ws.stream().allMatch(w -> keeps(w, last));
  }

  /** Whether a write leaves the field in its last state once it is there. */
  private static boolean keeps(Val.Call w, Val.Static last) {
    String name = w.method().name();
    List<Val> a = w.args();
    if (last == null) {
      // Boolean: every write stores true (a compareAndSet's new value).
      return isInt(a.get(a.size() - 1), 1);
    }
    if (name.equals("compareAndSet") || name.startsWith("weakCompareAndSet")) {
      return a.get(1) instanceof Val.Static from && !from.equals(last) || last.equals(a.get(2));
    }
    return a.size() == 2 && last.equals(a.get(1));
  }

  private static boolean isInt(Val v, int value) {
    return v instanceof Val.Const k && k.value() instanceof Integer i && i == value;
  }

  private Map<String, List<Val.Call>> writes() {
    if (writes != null) {
      return writes;
    }
    Map<String, List<Val.Call>> out = new HashMap<>();
    Set<String> escaped = new HashSet<>();
    for (MethodFacts mf : program.methods()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          List<Val> args = inv.args();
          String owner = inv.method().owner();
          boolean atomic = (owner.equals(BOOL) || owner.equals(REF)) && !args.isEmpty() && args.get(0) instanceof Val.Field;
          if (atomic && !READS.contains(inv.method().name())) {
            Val.Field f = (Val.Field) args.get(0);
            out.computeIfAbsent(program.fieldDeclarer(f.owner(), f.name()) + "." + f.name(), k -> new ArrayList<>())
                .add(new Val.Call(inv.method(), args, "V"));
          }
          for (int i = atomic ? 1 : 0; i < args.size(); i++) {
            escape(args.get(i), escaped);
          }
        } else if (n.op() instanceof Op.Return r && r.value() != null) {
          escape(r.value(), escaped);
        }
      }
      mf.stores().forEach(st -> escape(st.value(), escaped));
    }
    escaped.forEach(k -> out.put(k, null));
    writes = out;
    return out;
  }

  /** Records a field of an atomic type handed on as a value: its writes are no longer all seen. */
  private void escape(Val v, Set<String> escaped) {
    if (v instanceof Val.Field f && (f.type().equals(BOOL) || f.type().equals(REF))) {
      escaped.add(program.fieldDeclarer(f.owner(), f.name()) + "." + f.name());
    }
  }
}
