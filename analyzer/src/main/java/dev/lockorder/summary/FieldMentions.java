package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
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
 * The methods whose values read a field ({@code declarer.name}), and those whose joins merged too
 * many values to list and that the field's access lets read it (any of them may): only these can
 * do anything with what the field holds.
 * Built once, in program order, ahead or on first ask ({@link FactIndexes}), and shared by the rules that ask ({@link
 * HolderElements}, {@link Confined}): asking every method about every field cost a pass over the
 * whole program per field (spark-core's closure).
 */
final class FieldMentions {
  private final Program program;
  /** Which class declares a field: the program's memo, or the indexing thread's own ({@link FactIndexes}). */
  private final java.util.function.BinaryOperator<String> declarer;
  private final Ahead<Map<String, List<MethodFacts>>> byField;
  private final List<MethodFacts> unlisted = new ArrayList<>();

  FieldMentions(Program program, java.util.function.BinaryOperator<String> declarer) {
    this.program = program;
    this.declarer = declarer;
    this.byField = new Ahead<>(this::index);
  }

  /** Indexes now, on this thread, unless another has begun. */
  void make() {
    byField.make();
  }

  List<MethodFacts> of(String field) {
    List<MethodFacts> out = new ArrayList<>(byField.get().getOrDefault(field, List.of()));
    int dot = field.lastIndexOf('.');
    String decl = field.substring(0, dot);
    var ci = program.classInfo(decl);
    var fi = ci == null ? null : ci.fields().get(field.substring(dot + 1));
    for (MethodFacts mf : unlisted) {
      if (mayRead(fi, decl, mf.ref().owner())) {
        out.add(mf);
      }
    }
    return out;
  }

  /**
   * Whether code of class {@code in} may read a field of {@code decl} with these flags: a private
   * field only from its class and the classes nested in it, a package-private one from its package.
   */
  private static boolean mayRead(dev.lockorder.ir.ClassInfo.FieldInfo fi, String decl, String in) {
    if (fi == null || (fi.access() & (ACC_PUBLIC | ACC_PROTECTED)) != 0) {
      return true;
    }
    String top = decl.contains("$") ? decl.substring(0, decl.indexOf('$')) : decl;
    if ((fi.access() & dev.lockorder.ir.ClassInfo.ACC_PRIVATE) != 0) {
      return in.equals(top) || in.startsWith(top + "$");
    }
    return packageOf(in).equals(packageOf(decl));
  }

  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_PROTECTED = 0x0004;

  private static String packageOf(String cls) {
    int slash = cls.lastIndexOf('/');
    return slash < 0 ? "" : cls.substring(0, slash);
  }

  private Map<String, List<MethodFacts>> index() {
    Map<String, List<MethodFacts>> byField = new HashMap<>();
    for (MethodFacts mf : program.methods()) {
      if (mf.merged() == null) {
        unlisted.add(mf);
        continue;
      }
      // Plain loops: a lambda capturing the set, made per value, was a tenth of this pass.
      Set<String> seen = new HashSet<>();
      fieldsIn(mf.merged(), seen);
      for (List<Val> vs : mf.mergedAt().values()) {
        fieldsIn(vs, seen);
      }
      for (FieldStore st : mf.stores()) {
        fieldsIn(st.value(), seen);
        fieldsIn(st.base(), seen);
      }
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          fieldsIn(inv.args(), seen);
        } else if (n.op() instanceof Op.Return r) {
          fieldsIn(r.value(), seen);
        } else if (n.op() instanceof Op.MonitorEnter e) {
          fieldsIn(e.lock(), seen);
        } else if (n.op() instanceof Op.Test t) {
          fieldsIn(t.value(), seen);
        }
      }
      seen.forEach(f -> byField.computeIfAbsent(f, k -> new ArrayList<>()).add(mf));
    }
    return byField;
  }

  private void fieldsIn(List<Val> vs, Set<String> out) {
    for (Val v : vs) {
      fieldsIn(v, out);
    }
  }

  private void fieldsIn(Val v, Set<String> out) {
    if (v instanceof Val.Field f) {
      out.add(declarer.apply(f.owner(), f.name()) + "." + f.name());
      fieldsIn(f.base(), out);
    } else if (v instanceof Val.Call c) {
      fieldsIn(c.args(), out);
    } else if (v instanceof Val.Lambda l) {
      fieldsIn(l.captures(), out);
    } else if (v instanceof Val.Elem e) {
      fieldsIn(e.array(), out);
    }
  }
}
