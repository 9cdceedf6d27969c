package dev.lockorder.summary;

import dev.lockorder.ir.FlagGuard;
import dev.lockorder.ir.Guard;
import dev.lockorder.ir.Val;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The boolean fields of parameters an acquisition depends on: acquired only where {@code
 * this.optimizedDispatch} was found true, say. Written {@code k:name=1} (parameter, field, value),
 * sorted and joined by commas, so that it can be part of a summary entry's key. A caller that
 * reaches the acquisition through a call made where it found the same field of the same object
 * false never takes it (activemq's {@code addSubscription} calls {@code wakeup()} only when
 * {@code !optimizedDispatch}, and {@code wakeup} iterates only when {@code optimizedDispatch}).
 * A field named {@code =c} is the parameter's own value compared with the constant {@code c}; one
 * named {@code f=c}, the parameter's int field {@code f} compared with {@code c}; one named {@code
 * m()} is a boolean getter's result. An argument whose state is known decides a flag
 * ({@link ObjectState}).
 */
final class Flags {
  static final String NONE = "";
  private static final int MAX = 16;

  private Flags() {}

  /** The flags a node's guards set. */
  static String of(List<Guard> guards) {
    if (guards.isEmpty()) {
      return NONE;
    }
    TreeMap<String, Boolean> m = new TreeMap<>();
    for (Guard g : guards) {
      if (g instanceof FlagGuard f) {
        m.put(f.param() + ":" + f.field(), f.value());
      }
    }
    return write(m);
  }

  /**
   * Both sets of flags; null when they disagree on a field (nothing can meet both), or find one
   * value equal to two constants ({@link #oneValueEach}), an int field only if {@code settled}.
   */
  static String meet(String a, String b, Settled settled) {
    if (b.isEmpty()) {
      return a;
    }
    if (a.isEmpty()) {
      return b;
    }
    TreeMap<String, Boolean> m = read(a);
    Set<String> unsure = null;
    for (var e : read(b).entrySet()) {
      Boolean old = m.putIfAbsent(e.getKey(), e.getValue());
      if (old != null && !old.equals(e.getValue())) {
        if (!unsettled(e.getKey(), settled)) {
          return null;
        }
        // A field something sets again after its constructor: the two tests may see two values.
        unsure = unsure == null ? new java.util.HashSet<>() : unsure;
        unsure.add(e.getKey());
      }
    }
    if (unsure != null) {
      m.keySet().removeAll(unsure);
    }
    return oneValueEach(m, settled) ? write(m) : null;
  }

  /** Whether {@code k} is a flag of an int field of a parameter that is not {@link Settled}. */
  private static boolean unsettled(String k, Settled settled) {
    String field = fieldOf(k);
    return field != null && k.indexOf('=') >= 0 && !settled.test(paramOf(k), field);
  }

  /**
   * The field of a parameter a flag tests ({@code k:f}, {@code k:f!}, {@code k:f=c}: {@code f});
   * null for the parameter's own value ({@code k:=c}, an enum case {@code k:=#table#case}) and for a
   * getter's result.
   */
  private static String fieldOf(String k) {
    String f = k.substring(k.indexOf(':') + 1);
    if (f.startsWith("=") || f.endsWith(FlagGuard.PREDICATE)) {
      return null;
    }
    int eq = f.indexOf('=');
    String field = eq >= 0 ? f.substring(0, eq) : f.endsWith(FlagGuard.SET) ? f.substring(0, f.length() - 1) : f;
    return field.isEmpty() ? null : field;
  }

  private static int paramOf(String k) {
    return Integer.parseInt(k.substring(0, k.indexOf(':')));
  }

  /**
   * {@code flags} less those of a field of a parameter ({@code k:f}, {@code k:f!}, {@code k:f=c})
   * that {@code changed} says may have been stored into since the test; a parameter's own value
   * and a getter's result stay.
   */
  static String without(String flags, java.util.function.BiPredicate<Integer, String> changed) {
    if (flags.isEmpty()) {
      return flags;
    }
    TreeMap<String, Boolean> m = read(flags);
    boolean cut = m.keySet().removeIf(k -> fieldOf(k) != null && changed.test(paramOf(k), fieldOf(k)));
    return cut ? write(m) : flags;
  }

  /** What both sets of flags say alike: what holds on either of two paths. */
  static String common(String a, String b) {
    if (a.equals(b) || a.isEmpty()) {
      return a;
    }
    if (b.isEmpty()) {
      return b;
    }
    TreeMap<String, Boolean> m = read(a);
    m.entrySet().retainAll(read(b).entrySet());
    return write(m);
  }

  /**
   * Whether no value is found equal to two constants: {@code k:code=40} and {@code k:code=30} both
   * true (a caller's {@code case SQL_CLOB} passing the type on to a callee's {@code case SQL_BLOB})
   * cannot both hold, nor {@code k:=1} and {@code k:=2} of one parameter, nor two cases of one enum
   * table. An int field counts only where it is {@link Settled}: the caller's test and the callee's
   * then see one value.
   */
  private static boolean oneValueEach(TreeMap<String, Boolean> m, Settled settled) {
    Set<String> tested = new java.util.HashSet<>();
    for (var e : m.entrySet()) {
      String k = e.getKey();
      int cut = Math.max(k.lastIndexOf('='), k.lastIndexOf(FlagGuard.ENUM_CASE.charAt(0)));
      String field = fieldOf(k); // null: the parameter's own value ("k:=c", "k:=#table#case")
      if (!e.getValue() || cut < 0 || field != null && !settled.test(paramOf(k), field)) {
        continue; // a boolean, getter or null flag, a side where the value is not c, or a field set again
      }
      if (!tested.add(k.substring(0, cut + 1))) {
        return false;
      }
    }
    return true;
  }

  /** Whether int field {@code name} of parameter {@code param} keeps what its constructor set. */
  interface Settled {
    boolean test(int param, String name);
  }

  /**
   * {@link Settled} in {@code mf}'s terms: every store into the field the parameter's class has by
   * that name is a constructor's into its own object. {@code changedLater} is {@link #changedLater}.
   */
  static Settled settled(Program program, dev.lockorder.ir.MethodFacts mf, Set<String> changedLater) {
    return (param, name) -> {
      if (mf == null || param >= mf.paramTypes().size() || changedLater.contains(HANDLED + name)) {
        return false;
      }
      String decl = program.fieldDeclarer(mf.paramTypes().get(param), name);
      dev.lockorder.ir.ClassInfo ci = program.classInfo(decl);
      return ci != null && ci.fields().containsKey(name) && !changedLater.contains(decl + "." + name);
    };
  }

  /** In {@link #changedLater}: a field name some handle or atomic updater is made for. */
  static final String HANDLED = "*.";

  /**
   * The fields ({@code declarer.name}) that a store other than a constructor's into its own object
   * changes: every int field store is recorded, so an int field not named here keeps its first
   * value; and, as {@code *.name}, every field name a {@code VarHandle} or an atomic field updater
   * is made for (its writes are calls: {@code CODE.set(this, 30)}).
   */
  static Set<String> changedLater(Program program, java.util.function.BinaryOperator<String> declarer) {
    Set<String> out = new java.util.HashSet<>();
    for (dev.lockorder.ir.MethodFacts mf : program.methods()) {
      for (dev.lockorder.ir.FieldStore st : mf.stores()) {
        if (!st.byOwnConstructor()) {
          out.add(declarer.apply(st.owner(), st.name()) + "." + st.name());
        }
      }
      for (dev.lockorder.ir.Node n : mf.nodes()) {
        if (n.op() instanceof dev.lockorder.ir.Op.Invoke inv && HANDLE_MAKERS.contains(inv.method().name())) {
          // The holder is the first class literal (findVarHandle(C.class, "f", int.class),
          // newUpdater(C.class, "f")); without one, every field of that name.
          String holder = null;
          for (Val a : inv.args()) {
            if (holder == null && a instanceof Val.ClassLit c) {
              holder = c.className();
            } else if (a instanceof Val.Const c && c.value() instanceof String name) {
              out.add(holder == null ? HANDLED + name : declarer.apply(holder, name) + "." + name);
            }
          }
        }
      }
    }
    return out;
  }

  private static final Set<String> HANDLE_MAKERS = Set.of("findVarHandle", "newUpdater", "unreflectVarHandle");

  /**
   * A callee's flags in its caller's terms: a flag of a parameter the caller passes its own
   * parameter to becomes that one's, unless the caller writes that field (then the value the
   * callee finds is the caller's doing); the others are left out. A value flag ({@code =c}, a
   * parameter tested against a constant) that the caller passes a constant for is decided there:
   * null when it goes the other way (the acquisition does not happen from this call).
   */
  static String inCaller(String flags, List<Val> actual, Set<String> callerWrites, EnumCases cases,
      ArgumentState state) {
    if (flags.isEmpty()) {
      return flags;
    }
    TreeMap<String, Boolean> out = new TreeMap<>();
    for (var e : read(flags).entrySet()) {
      int colon = e.getKey().indexOf(':');
      int k = Integer.parseInt(e.getKey().substring(0, colon));
      String field = e.getKey().substring(colon + 1);
      Val a = k < actual.size() ? actual.get(k) : null;
      Boolean known = a == null ? null : state.value(k, a, field);
      if (known != null) {
        if (known != e.getValue()) {
          return null; // the argument's state rules the flag out: never taken from here
        }
        continue;
      }
      Val from = a == null || a instanceof Val.Param || !plainField(field) ? null : state.filledFrom(k, a, field);
      if (from instanceof Val.Const c && c.value() instanceof Integer v) {
        if ((v != 0) != e.getValue()) {
          return null; // the object was made with the flag the other way
        }
        continue;
      }
      if (from instanceof Val.Param p) {
        // The object's flag is the caller's parameter: a test of that parameter against 0.
        Boolean was = out.put(p.index() + ":=0", !e.getValue());
        if (was != null && was == e.getValue()) {
          return null;
        }
        continue;
      }
      if (field.startsWith("=" + FlagGuard.ENUM_CASE)) {
        // A case of a switch on an enum: the constant passed decides it where the table has it.
        int split = field.lastIndexOf(FlagGuard.ENUM_CASE);
        String passed = a instanceof Val.Static s ? cases.of(field.substring(2, split), s) : null;
        if (passed != null) {
          if (passed.equals(field.substring(split + 1)) != e.getValue()) {
            return null;
          }
          continue;
        }
      }
      if (field.equals("=" + FlagGuard.NULL)) {
        // null passed, or an object made on the spot: the test of the parameter against null is decided here.
        Boolean isNull = Val.isNull(a) ? Boolean.TRUE : a instanceof Val.New ? Boolean.FALSE : null;
        if (isNull != null) {
          if (isNull != e.getValue()) {
            return null;
          }
        } else if (a instanceof Val.Param p && !callerWrites.contains(field) && state.passesUp(p, field)) {
          out.put(p.index() + ":" + field, e.getValue());
        }
        continue;
      }
      if (field.startsWith("=" + FlagGuard.CLASS_LITERAL)) {
        // A class literal passed decides a test of the parameter against one: met, or never taken here.
        if (a instanceof Val.ClassLit c) {
          if (c.className().replace('.', '/').equals(field.substring(2)) != e.getValue()) {
            return null;
          }
        } else if (a instanceof Val.Param p && !callerWrites.contains(field) && state.passesUp(p, field)) {
          out.put(p.index() + ":" + field, e.getValue());
        }
        continue;
      }
      if (field.startsWith("=") && !field.startsWith("=" + FlagGuard.ENUM_CASE) && a instanceof Val.Const c
          && c.value() instanceof Integer v) {
        // A constant argument decides a test of the parameter's value: met, or never taken here.
        if ((v == Integer.parseInt(field.substring(1))) != e.getValue()) {
          return null;
        }
      } else if (a instanceof Val.Param p && !callerWrites.contains(field) && state.passesUp(p, field)) {
        out.put(p.index() + ":" + field, e.getValue());
      }
    }
    return write(out);
  }

  /** Whether a flag names a boolean field's own value ({@code k:f}), not a value test, a getter or a null test. */
  private static boolean plainField(String field) {
    return field.indexOf('=') < 0 && !field.endsWith(FlagGuard.PREDICATE) && !field.endsWith(FlagGuard.SET);
  }

  /** What the caller's arguments tell of a flag: its value on an object's known state ({@link ObjectState}). */
  interface ArgumentState {
    /** The flag's value on {@code actual}, argument {@code k} of the call, or null when unknown. */
    Boolean value(int k, Val actual, String field);

    /**
     * What the caller passed, as a constant or its own parameter, for boolean field {@code field}
     * of {@code actual}, argument {@code k}, an object made by a constructor that stored it there
     * and that nothing else sets ({@link MadeFlags}); null when not known.
     */
    Val filledFrom(int k, Val actual, String field);

    /** Whether the flag, on a parameter the caller passes on, may become that parameter's flag. */
    boolean passesUp(Val.Param p, String field);
  }

  /**
   * What an enum table ({@code owner.field}) says of a constant: the case number javac's switch
   * table gives it, or, for an enum's own list of constants, its name; null if it is not listed.
   */
  interface EnumCases {
    String of(String table, Val.Static constant);
  }

  /**
   * {@link EnumCases} from the tables the program's classes hold. A constant the table does not
   * list is not known to be a constant at all (a static field may alias one): null.
   */
  static EnumCases cases(Program program) {
    return (table, c) -> {
      int dot = table.indexOf('.');
      String field = table.substring(dot + 1);
      dev.lockorder.ir.ClassInfo holder = program.classInfo(table.substring(0, dot));
      java.util.Map<String, Integer> cases = holder == null ? null : holder.switchMaps().get(field);
      Integer k = cases == null ? null : cases.get(c.owner() + "." + c.name());
      return k == null ? null : field.equals(FlagGuard.ENUM_CONSTANTS) ? c.name() : String.valueOf(k);
    };
  }

  private static TreeMap<String, Boolean> read(String flags) {
    TreeMap<String, Boolean> m = new TreeMap<>();
    for (String f : flags.split(",")) {
      int eq = f.lastIndexOf('=');
      m.put(f.substring(0, eq), f.charAt(eq + 1) == '1');
    }
    return m;
  }

  private static String write(TreeMap<String, Boolean> m) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (var e : m.entrySet()) {
      if (n++ == MAX) {
        break; // fewer conditions only keep more
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(e.getKey()).append('=').append(e.getValue() ? '1' : '0');
    }
    return sb.toString();
  }
}
