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
  private static final int MAX = 4;

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

  /** Both sets of flags; null when they disagree on a field (nothing can meet both). */
  static String meet(String a, String b) {
    if (b.isEmpty()) {
      return a;
    }
    if (a.isEmpty()) {
      return b;
    }
    TreeMap<String, Boolean> m = read(a);
    for (var e : read(b).entrySet()) {
      Boolean old = m.putIfAbsent(e.getKey(), e.getValue());
      if (old != null && !old.equals(e.getValue())) {
        return null;
      }
    }
    return write(m);
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

  /** What the caller's arguments tell of a flag: its value on an object's known state ({@link ObjectState}). */
  interface ArgumentState {
    /** The flag's value on {@code actual}, argument {@code k} of the call, or null when unknown. */
    Boolean value(int k, Val actual, String field);

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
