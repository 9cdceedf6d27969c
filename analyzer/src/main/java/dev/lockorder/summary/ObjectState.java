package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.FlagGuard;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.StateFacts;
import dev.lockorder.ir.Val;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Flags ({@link Flags}) that an argument's state decides: a boolean field or getter of an object the
 * caller made on the spot, which still holds its default wherever nothing stored into it (activemq's
 * {@code removeMessage} acks with a {@code new MessageAck()} that never gets a transaction id, so
 * the callee's {@code if (ack.isInTransaction())} side never runs from there), and a getter that
 * every class the argument can be returns the same constant from ({@code isMessageDispatch()} of a
 * {@code BrokerInfo}).
 *
 * <p>Stores are looked up flow-insensitively, but only calls that can come before the call being
 * decided count (activemq's {@code dispatchAsync} hands the command to the broker only on its
 * stopping path, never before it dispatches): every such call in the caller that the object is the
 * receiver of counts (its stores, and those of the methods it calls, {@value #MAX_DEPTH} deep), and
 * passing the object to any method that could reach its fields makes its state unknown. The call
 * being decided is left out: the callee's own test was only kept if nothing before it could change
 * the object (the bytecode stage's {@code Untouched}).
 */
final class ObjectState {
  private static final int MAX_DEPTH = 4;
  private static final int MAX_TYPES = 32;

  private final Program program;
  private final CtorFields ctorFields;
  private final SetBeforeMade setBeforeMade;
  private final SiteCodes siteCodes;
  private final ClassFieldLiterals classFields;
  private final MadeFlags flags;

  ObjectState(Program program) {
    this.program = program;
    this.ctorFields = program.ctorFields();
    this.setBeforeMade = new SetBeforeMade(program, ctorFields);
    this.siteCodes = new SiteCodes(program);
    this.classFields = new ClassFieldLiterals(program);
    this.flags = new MadeFlags(program, ctorFields);
  }

  /**
   * The value flag {@code field} has on {@code actual}, passed at node {@code at} of {@code
   * caller}; null when it cannot be told.
   */
  Boolean value(MethodFacts caller, Node at, Val actual, String field) {
    if (field.endsWith(FlagGuard.SET)) {
      return setBeforeMade.set(actual, field.substring(0, field.length() - FlagGuard.SET.length()));
    }
    if (field.startsWith("=" + FlagGuard.CLASS_LITERAL)) {
      // A Class field that holds only literals: a test against another literal does not hold.
      return classFields.value(actual, field.substring(2));
    }
    if (field.startsWith("=")) {
      return null;
    }
    int eq = field.indexOf('=');
    if (eq > 0) {
      Integer code = code(actual, field.substring(0, eq));
      return code == null ? null : code == Integer.parseInt(field.substring(eq + 1));
    }
    boolean getter = field.endsWith(FlagGuard.PREDICATE);
    String name = getter ? field.substring(0, field.length() - FlagGuard.PREDICATE.length()) : field;
    if (getter && name.startsWith(FlagGuard.BY_CLASS)) {
      name = name.substring(FlagGuard.BY_CLASS.length());
      return actual instanceof Val.New n ? constantOfClass(n.type(), name) : constant(actual.type(), name);
    }
    if (actual instanceof Val.New n && !n.madeIn(caller.ref())) {
      // Made by a factory: its constructor and whatever the factory called on it ran elsewhere,
      // unseen by the stores looked up here (ReadFlagOfMadeOperationRead); its class still answers
      // a getter that reads no field.
      return getter ? constantOfClass(n.type(), name) : null;
    }
    if (actual instanceof Val.New n) {
      Set<String> written = writtenOn(caller, at, n);
      if (written == null) {
        return null;
      }
      if (!getter) {
        return written.contains(name) || !isBooleanField(n.type(), name) ? null : Boolean.FALSE;
      }
      StateFacts s = state(program.resolve(n.type(), name, "()Z"));
      if (s == null || s.predicate() == null || s.predicateReads().stream().anyMatch(written::contains)) {
        return null;
      }
      return s.predicateValue();
    }
    return getter ? constant(actual.type(), name) : null;
  }

  /**
   * Whether a getter flag of parameter {@code p}, which the caller passes on at node {@code at},
   * may be passed up to the caller's own callers: nothing else in the caller could change the
   * object behind the getter's back.
   */
  boolean passesUp(MethodFacts caller, Node at, Val.Param p) {
    Set<String> written = writtenOn(caller, at, p);
    return written != null && written.isEmpty();
  }

  /**
   * The int field {@code name} of {@code actual} when its constructor set it from a constant and
   * nothing else ever stores into it: an object made on the spot, or the one a static field is
   * given, once, by its class's initializer ({@code Type.SQL_DATE = new DateTimeType(.., 91, ..)}).
   * Null when that is not known.
   */
  private Integer code(Val actual, String name) {
    String site = null;
    if (actual instanceof Val.New n) {
      site = n.site();
    } else if (actual instanceof Val.Static s) {
      String declarer = program.fieldDeclarer(s.owner(), s.name());
      List<FieldStore> stores = declarer == null ? List.of() : program.storesOf(declarer, s.name());
      if (stores.size() == 1 && stores.get(0).method().name().equals("<clinit>")
          && stores.get(0).value() instanceof Val.New n) {
        site = n.site();
        actual = n;
      }
    }
    if (site == null) {
      return null;
    }
    String declarer = program.fieldDeclarer(actual.type(), name);
    if (declarer == null || !ctorFields.fromParams(declarer, name)) {
      return null;
    }
    return ctorFields.filledAt(site, declarer, name) instanceof Val.Const c && c.value() instanceof Integer v ? v : null;
  }

  /** What every class {@code type} can be returns from {@code name()}, if it is one constant. */
  private Boolean constant(String type, String name) {
    // Asked again at every pass of every caller's fixpoint: the answer depends on the two names only.
    return constants.computeIfAbsent(type + " " + name, k -> java.util.Optional.ofNullable(constantOf(type, name)))
        .orElse(null);
  }

  private final java.util.Map<String, java.util.Optional<Boolean>> constants = new java.util.HashMap<>();

  /** What an object of exactly class {@code type} returns from {@code name()}, if it is a constant of the class. */
  private Boolean constantOfClass(String type, String name) {
    StateFacts s = state(program.resolve(type, name, "()Z"));
    return s == null || s.predicate() == null || !s.predicateReads().isEmpty() ? null : s.predicateValue();
  }

  private Boolean constantOf(String type, String name) {
    List<String> types = program.concreteSubtypes(type);
    if (types.isEmpty() || types.size() > MAX_TYPES) {
      return null;
    }
    Boolean out = null;
    for (String t : types) {
      StateFacts s = state(program.resolve(t, name, "()Z"));
      if (s == null || s.predicate() == null || !s.predicateReads().isEmpty()
          || out != null && out != s.predicateValue()) {
        return null;
      }
      out = s.predicateValue();
    }
    return out;
  }

  /** The flags' view of the arguments of the call at {@code at} of {@code caller}. */
  Flags.ArgumentState at(MethodFacts caller, Node at) {
    return new Flags.ArgumentState() {
      @Override
      public Boolean value(int k, Val actual, String field) {
        Boolean known = ObjectState.this.value(caller, at, actual, field);
        int eq = field.indexOf('=');
        if (known != null || eq <= 0 || field.endsWith(FlagGuard.SET) || !(at.op() instanceof Op.Invoke inv)
            || k >= inv.args().size()) {
          return known;
        }
        // A code of an object the type flow follows back to where it was made: the call's own
        // argument, before it was narrowed to the callee's class.
        return siteCodes.value(inv.args().get(k), caller.ref(), field.substring(0, eq),
            Integer.parseInt(field.substring(eq + 1)));
      }

      @Override
      public Val filledFrom(int k, Val actual, String field) {
        Val raw = at.op() instanceof Op.Invoke inv && k < inv.args().size() ? inv.args().get(k) : null;
        return flags.filledFrom(caller.ref(), raw, actual, field);
      }

      @Override
      public boolean passesUp(Val.Param p, String field) {
        return !field.endsWith(FlagGuard.PREDICATE) || field.startsWith(FlagGuard.BY_CLASS)
            || ObjectState.this.passesUp(caller, at, p);
      }
    };
  }

  /**
   * The flags the guards on call {@code at} set, less those of a field that a call that can come
   * before it may store into ({@code if (!s.open) { s.markOpen(); after(s); }}: {@code after}'s
   * test of {@code s.open} is not decided by the caller's).
   */
  String flagsAt(MethodFacts caller, Node at) {
    String flags = Flags.of(at.guards());
    if (flags.isEmpty() || !(at.op() instanceof Op.Invoke)) {
      return flags;
    }
    return Flags.without(flags, (k, field) -> {
      if (k >= caller.paramTypes().size()) {
        return false;
      }
      // Only a store seen counts: where the object goes to code that could reach its fields, the
      // state is unknown, and dropping the flag there cost activemq its optimizedDispatch test.
      Set<String> written = writtenOn(caller, at, new Val.Param(k, caller.paramTypes().get(k)));
      return written != null && written.contains(field);
    });
  }

  /** The fields that may be stored into {@code v} in {@code caller}, apart from by the call at {@code at}; null when unknown. */
  private Set<String> writtenOn(MethodFacts caller, Node at, Val v) {
    Set<String> out = new HashSet<>(caller.flagWrites());
    for (FieldStore s : caller.stores()) {
      if (v.equals(s.base())) {
        out.add(s.name());
      }
    }
    List<Node> nodes = caller.nodes();
    java.util.BitSet before = reachingAt.computeIfAbsent(at, k -> reaching(nodes, at));
    for (int k = 0; k < nodes.size(); k++) {
      if (nodes.get(k) == at || !before.get(k) || !(nodes.get(k).op() instanceof Op.Invoke inv)) {
        continue; // a call that cannot come before this one cannot change what it is handed
      }
      List<Val> args = inv.args();
      for (int j = 0; j < args.size(); j++) {
        if (!v.equals(args.get(j))) {
          continue;
        }
        boolean receiver = j == 0 && !inv.kind().equals("static");
        if (receiver) {
          MethodRef m = inv.method();
          MethodRef t = inv.kind().equals("special") ? m : program.resolve(v.type(), m.name(), m.desc());
          if (!addWrites(t == null ? m : t, out, 0)) {
            return null;
          }
        } else if (!inv.method().owner().startsWith("java/") && !formal(inv.method(), j, inv.kind()).equals("java/lang/Object")) {
          return null;
        }
      }
    }
    return out;
  }

  // Asked at every pass of the caller's fixpoint, for each flag: one walk per call node.
  private final java.util.Map<Node, java.util.BitSet> reachingAt = new java.util.IdentityHashMap<>();

  /** The nodes from which {@code at} can be reached (through normal, false-side and exception edges). */
  private static java.util.BitSet reaching(List<Node> nodes, Node at) {
    List<List<Integer>> preds = new java.util.ArrayList<>();
    for (int k = 0; k < nodes.size(); k++) {
      preds.add(new java.util.ArrayList<>());
    }
    int target = -1;
    for (int k = 0; k < nodes.size(); k++) {
      Node n = nodes.get(k);
      if (n == at) {
        target = k;
      }
      for (int[] next : new int[][] {n.succs(), n.alt(), n.exc()}) {
        for (int j : next) {
          preds.get(j).add(k);
        }
      }
    }
    java.util.BitSet seen = new java.util.BitSet();
    java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
    if (target >= 0) {
      work.add(target);
    }
    while (!work.isEmpty()) {
      for (int p : preds.get(work.poll())) {
        if (!seen.get(p)) {
          seen.set(p);
          work.add(p);
        }
      }
    }
    return seen;
  }

  /** Adds what {@code m} may store; false when that is unknown. JDK methods store into no field of ours. */
  private boolean addWrites(MethodRef m, Set<String> out, int depth) {
    if (m.owner().startsWith("java/")) {
      return true;
    }
    StateFacts s = state(m);
    if (s == null || s.writes() == null || depth > MAX_DEPTH) {
      return false;
    }
    out.addAll(s.writes());
    for (MethodRef c : s.calls()) {
      MethodRef t = program.resolve(c.owner(), c.name(), c.desc());
      if (!addWrites(t == null ? c : t, out, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  private StateFacts state(MethodRef m) {
    if (m == null) {
      return null;
    }
    ClassInfo ci = program.classInfo(m.owner());
    ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(m.name() + m.desc());
    return mi == null ? null : mi.state();
  }

  private boolean isBooleanField(String type, String name) {
    String declarer = program.fieldDeclarer(type, name);
    ClassInfo ci = declarer == null ? null : program.classInfo(declarer);
    ClassInfo.FieldInfo f = ci == null ? null : ci.fields().get(name);
    return f != null && !f.isStatic() && f.desc().equals("Z");
  }

  private static String formal(MethodRef m, int arg, String kind) {
    org.objectweb.asm.Type[] t = org.objectweb.asm.Type.getArgumentTypes(m.desc());
    int k = arg - (kind.equals("static") ? 0 : 1);
    return k >= 0 && k < t.length ? t[k].getInternalName() : "";
  }
}
