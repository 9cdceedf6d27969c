package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A subclass's field that always holds what a superclass's field holds: every constructor of the
 * subclass stores one of its parameters into its own field and passes the same parameter up to
 * the superclass's constructor, which stores it into the superclass's field, and nothing else sets
 * either. Scala writes {@code class StorageMemoryPool(lock: Object) extends MemoryPool(lock)} this
 * way (each class keeps its own {@code lock}); the two names are one object, so a path through the
 * subclass's field is named by the superclass's, and taking one under the other is re-entry.
 */
final class InheritedCopies {
  private static final int MAX_CHAIN = 8;

  private final Program program;
  private final CtorFields ctorFields;
  /** By the field's owner as the path names it, then its name: no key is built per question. */
  private final Map<String, Map<String, Optional<String>>> memo = new HashMap<>();

  InheritedCopies(Program program, CtorFields ctorFields) {
    this.program = program;
    this.ctorFields = ctorFields;
  }

  /** The path through the superclass's field when {@code f} reads a copy of one, else {@code f}. */
  Val.Field canonical(Val.Field f) {
    String up = memo.computeIfAbsent(f.owner(), k -> new HashMap<>())
        .computeIfAbsent(f.name(), k -> Optional.ofNullable(copied(program.fieldDeclarer(f.owner(), f.name()), f.name())))
        .orElse(null);
    if (up == null) {
      return f;
    }
    int dot = up.lastIndexOf('.');
    return new Val.Field(f.base(), up.substring(0, dot), up.substring(dot + 1), f.type());
  }

  /** {@code A.f} when field {@code decl.name} is a copy of superclass field {@code A.f}, else null. */
  private String copied(String decl, String name) {
    ClassInfo ci = program.classInfo(decl);
    ClassInfo.FieldInfo own = ci == null ? null : ci.fields().get(name);
    if (own == null || own.isStatic() || !ctorFields.fromParams(decl, name)) {
      return null;
    }
    List<MethodFacts> ctors = new java.util.ArrayList<>();
    for (String sig : new java.util.TreeSet<>(ci.methods().keySet())) {
      if (sig.startsWith("<init>(")) {
        MethodFacts mf = program.facts(dev.lockorder.ir.MethodRef.of(decl, "<init>", sig.substring(6)));
        if (mf == null) {
          return null;
        }
        ctors.add(mf);
      }
    }
    if (ctors.isEmpty()) {
      return null;
    }
    int guard = 0;
    for (String sup = ci.superName(); sup != null && guard++ < MAX_CHAIN; ) {
      ClassInfo si = program.classInfo(sup);
      if (si == null) {
        return null;
      }
      for (Map.Entry<String, ClassInfo.FieldInfo> e : new java.util.TreeMap<>(si.fields()).entrySet()) {
        if (!e.getValue().isStatic() && e.getValue().desc().equals(own.desc())
            && ctorFields.fromParams(sup, e.getKey()) && sameParam(ctors, decl, name, sup, e.getKey())) {
          return sup + "." + e.getKey();
        }
      }
      sup = si.superName();
    }
    return null;
  }

  /** Whether every constructor fills both fields from one and the same parameter. */
  private boolean sameParam(List<MethodFacts> ctors, String decl, String name, String sup, String supName) {
    for (MethodFacts mf : ctors) {
      List<Integer> a = ctorFields.paramsFilling(mf.ref(), decl, name, MAX_CHAIN);
      List<Integer> b = ctorFields.paramsFilling(mf.ref(), sup, supName, MAX_CHAIN);
      if (a.size() != 1 || !a.equals(b)) {
        return false;
      }
    }
    return true;
  }
}
