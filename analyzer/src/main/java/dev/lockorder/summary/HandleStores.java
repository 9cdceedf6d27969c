package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Stores made through a {@code VarHandle} or an atomic field updater ({@code
 * REFRESHES.compareAndSet(this, null, new ConcurrentHashMap<>())}): stores into the field the handle
 * was made for, in a static initializer ({@code findVarHandle(C.class, "refreshes", …)}, {@code
 * AtomicReferenceFieldUpdater.newUpdater(C.class, T.class, "name")}). Without them such a field
 * looks never stored, and calls on it fall back to the class hierarchy (caffeine's
 * {@code BoundedLocalCache.refreshes}, which only ever holds a {@code ConcurrentHashMap}).
 */
final class HandleStores {
  private static final String VAR_HANDLE = "java/lang/invoke/VarHandle";
  private static final String UPDATER = "java/util/concurrent/atomic/AtomicReferenceFieldUpdater";
  private static final String INT_UPDATER = "java/util/concurrent/atomic/AtomicIntegerFieldUpdater";
  private static final String LONG_UPDATER = "java/util/concurrent/atomic/AtomicLongFieldUpdater";
  static final Set<String> WRITES = Set.of("set", "setVolatile", "setRelease", "setOpaque", "compareAndSet",
      "weakCompareAndSet", "weakCompareAndSetPlain", "weakCompareAndSetAcquire", "weakCompareAndSetRelease",
      "weakCompareAndSetVolatile", "compareAndExchange", "compareAndExchangeAcquire", "compareAndExchangeRelease",
      "getAndSet", "getAndSetAcquire", "getAndSetRelease", "lazySet");

  /**
   * An updater's writes of what a function makes of the field's value ({@code updateAndGet(this, c
   * -> new Framed())}): unseen, such a field looked stored only elsewhere (flow/FieldResetByUpdater).
   */
  static final Set<String> UPDATES = Set.of("updateAndGet", "getAndUpdate", "accumulateAndGet", "getAndAccumulate");

  private HandleStores() {}

  /**
   * What an update stores: the function's result, its call on the field's value (and an
   * accumulation's operand), so that the function's returns are what the type flow reads there.
   */
  private static Val applied(List<Val> a, String[] field) {
    Val old = new Val.Field(a.get(1), field[0], field[1], "java/lang/Object");
    boolean accumulate = a.size() == 4;
    MethodRef apply = accumulate
        ? MethodRef.of("java/util/function/BinaryOperator", "apply", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;")
        : MethodRef.of("java/util/function/UnaryOperator", "apply", "(Ljava/lang/Object;)Ljava/lang/Object;");
    List<Val> args = accumulate ? List.of(a.get(3), old, a.get(2)) : List.of(a.get(2), old);
    return new Val.Call(apply, args, "java/lang/Object", null);
  }

  /** Whether a call may write a field through a handle or updater: the calls {@link #of} reads. */
  static boolean mayWrite(Op.Invoke inv) {
    return inv.args().size() >= 3 && inv.args().get(0) instanceof Val.Static
        && (WRITES.contains(inv.method().name()) && inv.method().owner().equals(VAR_HANDLE)
            || inv.method().owner().equals(UPDATER) && (WRITES.contains(inv.method().name())
                || UPDATES.contains(inv.method().name())));
  }

  /**
   * The field stores that handle writes among {@code calls} make; {@code storesOf} gives the stores
   * into a static field ({@code owner, name}), where the handles were made.
   */
  static List<FieldStore> of(List<FirstPass.HandleCall> calls, BiFunction<String, String, List<FieldStore>> storesOf) {
    List<FieldStore> out = new ArrayList<>();
    for (FirstPass.HandleCall call : calls) {
      Op.Invoke inv = call.inv();
      String[] field = fieldOf((Val.Static) inv.args().get(0), storesOf);
      if (field != null) {
        List<Val> a = inv.args();
        Val stored = UPDATES.contains(inv.method().name()) ? applied(a, field) : a.get(a.size() - 1);
        out.add(new FieldStore(field[0], field[1], a.get(1), stored, call.in().ref()));
      }
    }
    return out;
  }


  /**
   * The class and field that a write through a handle or a field updater of any kind ({@code int},
   * {@code long}, reference) kept in a static field stores into, or null; the object written to is
   * the call's second argument (for a {@code VarHandle} of an instance field).
   */
  static String[] written(MethodRef m, List<Val> args, Program program) {
    boolean handle = m.owner().equals(VAR_HANDLE) || m.owner().equals(UPDATER) || m.owner().equals(INT_UPDATER)
        || m.owner().equals(LONG_UPDATER);
    // Any call but a plain read writes: a CAS, a set, an add or an update.
    boolean read = m.name().equals("get") || m.name().startsWith("get") && !m.name().startsWith("getAnd");
    return handle && !read && args.size() >= 2 && args.get(0) instanceof Val.Static h
        ? fieldOf(h, program::storesOf) : null;
  }

  /** The class and field a handle in a static field was made for, when every store says the same. */
  private static String[] fieldOf(Val.Static handle, BiFunction<String, String, List<FieldStore>> storesOf) {
    String[] same = null;
    for (FieldStore st : storesOf.apply(handle.owner(), handle.name())) {
      String[] f = st.value() instanceof Val.Call c ? made(c) : null;
      if (f == null || same != null && !java.util.Arrays.equals(same, f)) {
        return null;
      }
      same = f;
    }
    return same;
  }

  private static String[] made(Val.Call c) {
    List<Val> a = c.args();
    String name = c.method().name();
    if (name.equals("findVarHandle") && a.size() == 4 && a.get(1) instanceof Val.ClassLit owner
        && a.get(2) instanceof Val.Const k && k.value() instanceof String field) {
      return new String[] {owner.className(), field};
    }
    if (name.equals("newUpdater") && (c.method().owner().equals(INT_UPDATER) || c.method().owner().equals(LONG_UPDATER))
        && a.size() == 2 && a.get(0) instanceof Val.ClassLit owner && a.get(1) instanceof Val.Const k
        && k.value() instanceof String field) {
      return new String[] {owner.className(), field};
    }
    if (name.equals("newUpdater") && c.method().owner().equals(UPDATER) && a.size() == 3
        && a.get(0) instanceof Val.ClassLit owner && a.get(2) instanceof Val.Const k && k.value() instanceof String field) {
      return new String[] {owner.className(), field};
    }
    return null;
  }
}
