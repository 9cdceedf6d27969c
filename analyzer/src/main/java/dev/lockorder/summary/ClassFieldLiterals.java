package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The class literals a {@code Class} field can hold, when every store into it is a literal, or a
 * constructor's store of its own parameter into the object it builds where every call of that
 * constructor passes a literal there (or, through {@code this(...)} or {@code super(...)}, its own
 * parameter that is so fed). A settings enum keeps each setting's value class this way
 * (orientdb's {@code OGlobalConfiguration.type}, filled by each constant in the static
 * initializer), and a test of that value against a literal the set lacks ({@code
 * OType.convert}'s {@code Date} branch, given {@code cfg.getType()}) never holds
 * (flow/ClassOfSettingTestSafe). Unknown, and so deciding nothing, when outside code could store
 * or pass another: a field neither private nor final, a constructor that is public or protected,
 * a constructor whose handle is taken ({@code Setting::new}), a field some handle or updater is
 * made for without a class literal, an object of a serializable class that is not an enum
 * (deserialization fills the field from the stream), or a constructor of a class with a method the
 * scanner skipped (it may call the constructor). Reflection and {@code Unsafe} are not seen.
 */
final class ClassFieldLiterals {
  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_PROTECTED = 0x0004;
  private static final int ACC_FINAL = 0x0010;
  private static final int MAX_CHAIN = 8;
  private static final String CLASS = "java/lang/Class";

  private final Program program;
  private final Map<String, Optional<Set<String>>> memo = new HashMap<>();
  /** Every constructor call in the inputs, by constructor, with the method making it. */
  private Map<MethodRef, List<Object[]>> ctorCalls;
  /** The constructors whose handle some method takes: called where the inputs do not show. */
  private Set<MethodRef> handled;

  ClassFieldLiterals(Program program) {
    this.program = program;
  }

  /**
   * The value flag {@code =@literal} ({@code v == literal.class}) on {@code v}: false where {@code v}
   * is a field that cannot hold that literal; null when not known. Never true: the field may still
   * be null, or hold another of its literals.
   */
  Boolean value(Val v, String literal) {
    String owner;
    String name;
    if (v instanceof Val.Field f && CLASS.equals(f.type())) {
      owner = f.owner();
      name = f.name();
    } else if (v instanceof Val.Static s && CLASS.equals(s.type())) {
      owner = s.owner();
      name = s.name();
    } else {
      return null;
    }
    String decl = program.fieldDeclarer(owner, name);
    if (decl == null) {
      return null;
    }
    Set<String> lits = memo.computeIfAbsent(decl + "." + name, k -> Optional.ofNullable(of(decl, name))).orElse(null);
    return lits != null && !lits.contains(literal) ? Boolean.FALSE : null;
  }

  /** The literals field {@code decl.name} may hold, in internal names; null when not known. */
  private Set<String> of(String decl, String name) {
    ClassInfo ci = program.classInfo(decl);
    ClassInfo.FieldInfo fi = ci == null || ci.library() ? null : ci.fields().get(name);
    if (fi == null || (fi.access() & (ClassInfo.ACC_PRIVATE | ACC_FINAL)) == 0
        || program.fieldsChangedLater().contains(Flags.HANDLED + name)
        || !"java/lang/Enum".equals(ci.superName()) && serializable(decl)) {
      return null;
    }
    List<FieldStore> stores = program.storesOf(decl, name);
    if (stores.isEmpty()) {
      return null; // set only where the inputs do not show, if at all
    }
    Set<String> out = new TreeSet<>();
    for (FieldStore st : stores) {
      String lit = literal(st.value());
      if (lit != null) {
        out.add(lit);
      } else if (st.byOwnConstructor() && st.value() instanceof Val.Param p) {
        if (!passed(st.method(), p.index(), MAX_CHAIN, out)) {
          return null;
        }
      } else if (!Val.isNull(st.value())) {
        return null;
      }
    }
    return out;
  }

  /**
   * Adds the literals every call of constructor {@code ctor} passes as parameter {@code k}; false
   * when a call may pass something else, or calls may be made that the inputs do not show.
   */
  private boolean passed(MethodRef ctor, int k, int depth, Set<String> out) {
    MethodFacts mf = program.facts(ctor);
    ClassInfo owner = program.classInfo(ctor.owner());
    if (depth < 0 || mf == null || owner == null || (mf.access() & (ACC_PUBLIC | ACC_PROTECTED)) != 0
        || !allScanned(owner)) {
      return false;
    }
    index();
    if (handled.contains(ctor)) {
      return false;
    }
    for (Object[] call : ctorCalls.getOrDefault(ctor, List.of())) {
      MethodFacts in = (MethodFacts) call[0];
      Op.Invoke inv = (Op.Invoke) call[1];
      Val a = k < inv.args().size() ? inv.args().get(k) : null;
      String lit = literal(a);
      if (lit != null) {
        out.add(lit);
      } else if (a instanceof Val.Param q && in.ref().name().equals("<init>") && inv.args().get(0) instanceof Val.Param self
          && self.index() == 0) {
        // this(...) or super(...) handing on its own parameter: what its callers pass.
        if (!passed(in.ref(), q.index(), depth - 1, out)) {
          return false;
        }
      } else if (a == null || !Val.isNull(a)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code cls} is serializable, through the JDK's own supertypes too. */
  private boolean serializable(String cls) {
    java.util.Deque<String> work = new java.util.ArrayDeque<>(program.supertypes(cls));
    Set<String> seen = new java.util.HashSet<>();
    while (!work.isEmpty()) {
      String t = work.pop();
      if (t.equals("java/io/Serializable")) {
        return true;
      }
      if (seen.add(t) && program.classInfo(t) == null) {
        work.addAll(program.jdk().supers(t));
      }
    }
    return false;
  }

  /** Whether every method of {@code ci} with code was scanned: one skipped may call a constructor unseen. */
  private boolean allScanned(ClassInfo ci) {
    for (var e : ci.methods().entrySet()) {
      int paren = e.getKey().indexOf('(');
      if ((e.getValue().access() & (ClassInfo.ACC_ABSTRACT | 0x0100)) == 0
          && program.facts(MethodRef.of(ci.name(), e.getKey().substring(0, paren), e.getKey().substring(paren))) == null) {
        return false;
      }
    }
    return true;
  }

  private void index() {
    if (ctorCalls != null) {
      return;
    }
    ctorCalls = new HashMap<>();
    handled = new java.util.HashSet<>();
    for (MethodFacts mf : program.methods()) {
      handled.addAll(mf.handles());
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv && inv.kind().equals("special") && inv.method().name().equals("<init>")) {
          ctorCalls.computeIfAbsent(inv.method(), x -> new ArrayList<>()).add(new Object[] {mf, inv});
        }
      }
    }
  }

  /**
   * The literal {@code v} is, in internal names; a primitive's ({@code boolean.class}, javac's
   * {@code Boolean.TYPE}) by its wrapper's field, which no test's literal names. Null for any other value.
   */
  private static String literal(Val v) {
    if (v instanceof Val.ClassLit c) {
      return c.className().replace('.', '/');
    }
    if (v instanceof Val.Static s && s.name().equals("TYPE") && CLASS.equals(s.type()) && WRAPPERS.contains(s.owner())) {
      return s.owner() + ".TYPE";
    }
    return null;
  }

  private static final Set<String> WRAPPERS = Set.of("java/lang/Boolean", "java/lang/Byte", "java/lang/Character",
      "java/lang/Short", "java/lang/Integer", "java/lang/Long", "java/lang/Float", "java/lang/Double", "java/lang/Void");
}
