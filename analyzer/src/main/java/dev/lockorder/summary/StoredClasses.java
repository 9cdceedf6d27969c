package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a value can be, read from the code that makes it where the type flow has lost it:
 * an allocation is its class, {@code null} is no class, a field is what its stores put there, and
 * a call of a method that cannot be overridden is what its returns give. The type flow reads a
 * {@code null} as every value its method merged (so that a method resetting a field where one
 * value came from the library's users makes the field "anything"); undertow's {@code
 * HttpServerExchange.getRequestChannel()} returns only its own wrappers, while a reset in {@code
 * ConnectionSSLSessionInfo} made it "anything". Used only to drop receiver bounds ({@link
 * Receivers#excluded}), never to open a call: making the flow itself read {@code null} as no class
 * (session 25's {@code candidate/s25-null-literal}, and again in session 30) follows derby's cut
 * cache calls: 9 to 23 leads then, 12 to 1,424 cycles (7 to 21 groups) now.
 */
final class StoredClasses {
  private static final int ACC_FINAL = 0x0010;
  private static final int MAX_DEPTH = 3;

  private final Program program;
  private final Map<java.util.List<Object>, Set<String>> known = new HashMap<>();
  /** Stands for "not known" in {@link #known}. */
  private static final Set<String> UNKNOWN = Set.of("\u0000unknown");

  StoredClasses(Program program) {
    this.program = program;
  }

  /** Whether {@code v} is known to be only objects, and none of them of {@code classes}. */
  boolean rulesOut(Set<String> classes, Val v) {
    Set<String> made = of(v);
    return made != null && !made.isEmpty()
        && made.stream().noneMatch(r -> classes.stream().anyMatch(c -> program.isSubtype(r, c)));
  }

  /** The classes {@code v} can be, or null when some part of it is not known. */
  Set<String> of(Val v) {
    Set<String> out = of(v, 0);
    return out == UNKNOWN ? null : out;
  }

  private Set<String> of(Val v, int depth) {
    if (Val.isNull(v)) {
      return Set.of();
    }
    if (v instanceof Val.New n) {
      return n.type().startsWith("[") ? UNKNOWN : Set.of(n.type());
    }
    if (depth >= MAX_DEPTH || !(v instanceof Val.Field || v instanceof Val.Static || v instanceof Val.Call)) {
      return UNKNOWN;
    }
    Val key = v instanceof Val.Call c ? new Val.Call(c.method(), java.util.List.of(), c.type(), null)
        : v instanceof Val.Field f ? new Val.Field(Val.ERASED_UNKNOWN, f.owner(), f.name(), f.type()) : v;
    // Keyed by the depth left too, so that an answer cut short by the limit is never reused where
    // more depth was left: each answer is a function of its key alone, whatever was asked first.
    java.util.List<Object> at = java.util.List.of(key, depth);
    Set<String> cached = known.get(at);
    if (cached == null) {
      cached = v instanceof Val.Call c ? returns(c, depth) : stores(v, depth);
      known.put(at, cached);
    }
    return cached;
  }

  /** What every store into the field puts there; unknown for a library's field or one never stored. */
  private Set<String> stores(Val v, int depth) {
    String owner = v instanceof Val.Field f ? f.owner() : ((Val.Static) v).owner();
    String name = v instanceof Val.Field f ? f.name() : ((Val.Static) v).name();
    String decl = program.fieldDeclarer(owner, name);
    ClassInfo ci = program.classInfo(decl);
    java.util.List<FieldStore> stores = program.storesOf(decl, name);
    if (ci == null || ci.library() || stores.isEmpty()) {
      return UNKNOWN;
    }
    Set<String> out = new TreeSet<>();
    for (FieldStore st : stores) {
      Set<String> s = of(st.value(), depth + 1);
      if (s == UNKNOWN) {
        return UNKNOWN;
      }
      out.addAll(s);
    }
    return out;
  }

  /** What every return of the one method the call runs gives; unknown when an override may run. */
  private Set<String> returns(Val.Call c, int depth) {
    MethodRef m = c.method();
    boolean isStatic = program.isStaticMethod(m);
    MethodRef t = isStatic ? m : program.resolve(m.owner(), m.name(), m.desc());
    MethodFacts mf = t == null ? null : program.facts(t);
    ClassInfo ci = t == null ? null : program.classInfo(t.owner());
    ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(t.signature());
    ClassInfo named = program.classInfo(m.owner());
    // One method runs: a static or private one, a final one, or any of a final class the call names.
    boolean one = isStatic || mi != null && (mi.access() & (ACC_FINAL | ClassInfo.ACC_PRIVATE)) != 0
        || named != null && (named.access() & ACC_FINAL) != 0 && !named.isInterface();
    if (mf == null || mi == null || ci.library() || !one) {
      return UNKNOWN;
    }
    Set<String> out = new TreeSet<>();
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Return r && r.value() != null) {
        Set<String> s = of(r.value(), depth + 1);
        if (s == UNKNOWN) {
          return UNKNOWN;
        }
        out.addAll(s);
      }
    }
    return out;
  }
}
