package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What code does with an object {@link Confined} follows, where it is not the object's own: JDK
 * calls that hand their argument back or only read it during the call, a private factory's
 * callers, a join that keeps its values, an allocation the facts never see used, a field the
 * library's users may read.
 */
final class KeepingCalls {
  private final Program program;

  KeepingCalls(Program program) {
    this.program = program;
  }

  /** Whether {@code v}, merged at a join, is one that join keeps: its uses are the join's, which are followed. */
  static boolean kept(Val v, MethodFacts mf) {
    return mf.mergedAt().values().stream().anyMatch(vs -> vs.contains(v));
  }

  /** A private instance method: its callers are its class's own methods, and all of them are seen. */
  static boolean factory(MethodFacts mf) {
    return !mf.isStatic() && (mf.access() & dev.lockorder.ir.ClassInfo.ACC_PRIVATE) != 0;
  }

  /** What a JDK copy reads a collection or map with: its size, its entries, its elements. */
  private static final Set<String> READS = Set.of("size", "isEmpty", "entrySet", "keySet", "values", "iterator",
      "toArray", "forEach", "spliterator");

  /** The methods of {@code cls} and of its superclasses in the inputs that a JDK copy may call ({@link #READS}). */
  Set<MethodRef> methodsOf(String cls) {
    Set<MethodRef> out = new HashSet<>();
    for (var ci = program.classInfo(cls); ci != null; ci = ci.superName() == null ? null : program.classInfo(ci.superName())) {
      for (String sig : ci.methods().keySet()) {
        int paren = sig.indexOf('(');
        if (READS.contains(sig.substring(0, paren))) {
          out.add(MethodRef.of(ci.name(), sig.substring(0, paren), sig.substring(paren)));
        }
      }
    }
    return out;
  }

  /** The methods of {@code f}'s class that call it. */
  List<MethodRef> callersInClass(MethodRef f) {
    List<MethodRef> out = new ArrayList<>();
    var ci = program.classInfo(f.owner());
    for (String sig : ci == null ? java.util.Set.<String>of() : ci.methods().keySet()) {
      int paren = sig.indexOf('(');
      MethodFacts mf = program.facts(MethodRef.of(f.owner(), sig.substring(0, paren), sig.substring(paren)));
      if (mf != null && mf.nodes().stream().anyMatch(n -> n.op() instanceof Op.Invoke inv && inv.method().equals(f))) {
        out.add(mf.ref());
      }
    }
    return out;
  }

  /**
   * Whether the object, or one made here with it, is used somewhere the facts show besides its
   * constructor: one that is not went where they do not show (into an array, thrown).
   */
  static boolean seenUsed(MethodFacts mf, Set<String> owned, String site) {
    Set<String> made = new HashSet<>(owned);
    Set<String> used = new HashSet<>();
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv) {
        for (int j = 0; j < inv.args().size(); j++) {
          if (inv.args().get(j) instanceof Val.New nw && nw.site() != null) {
            if (j == 0 && isInit(inv)) {
              made.add(nw.site());
            } else {
              used.add(nw.site());
            }
          }
        }
      } else if (n.op() instanceof Op.Return ret && ret.value() instanceof Val.New nw) {
        used.add(nw.site());
      } else if (n.op() instanceof Op.MonitorEnter me && me.lock() instanceof Val.New nw) {
        used.add(nw.site());
      }
    }
    for (FieldStore st : mf.stores()) {
      for (Val v : java.util.Arrays.asList(st.value(), st.base())) {
        if (v instanceof Val.New nw) {
          used.add(nw.site());
        }
      }
    }
    for (List<Val> vs : mf.mergedAt().values()) {
      vs.stream().filter(v -> v instanceof Val.New nw && nw.site() != null).forEach(v -> used.add(((Val.New) v).site()));
    }
    made.retainAll(owned.isEmpty() ? Set.of(site) : union(owned, site));
    return used.containsAll(made);
  }

  private static Set<String> union(Set<String> a, String b) {
    Set<String> out = new HashSet<>(a);
    out.add(b);
    return out;
  }

  /**
   * A JDK copy of a collection or map ({@code new HashMap<>(m)}, {@code addAll}, {@code putAll}):
   * it reads its argument through the argument's own methods during the call and keeps no
   * reference to it.
   */
  static boolean readsArgument(MethodRef m) {
    if (!m.owner().startsWith("java/util/")) {
      return false;
    }
    String d = m.desc();
    return m.name().equals("<init>") && (d.equals("(Ljava/util/Map;)V") || d.equals("(Ljava/util/Collection;)V"))
        || m.name().equals("putAll") && d.equals("(Ljava/util/Map;)V")
        || m.name().equals("addAll") && d.equals("(Ljava/util/Collection;)Z");
  }

  /** {@code Objects.requireNonNull(x)}: javac's check before a method reference bound to {@code x}. */
  static boolean nullCheck(MethodRef m) {
    return m.owner().equals("java/util/Objects") && m.name().equals("requireNonNull")
        && m.desc().equals("(Ljava/lang/Object;)Ljava/lang/Object;");
  }

  /** The loggers whose calls only turn their arguments into strings. */
  private static final Set<String> LOGGERS = Set.of("org/slf4j/Logger", "org/apache/logging/log4j/Logger",
      "org/apache/commons/logging/Log", "java/util/logging/Logger");
  private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "fatal", "fine",
      "finer", "finest", "config", "warning", "severe", "log");

  /** A call that logs a message: the logger formats its arguments, which calls their {@code toString}. */
  static boolean logs(MethodRef m) {
    return LOGGERS.contains(m.owner()) && LEVELS.contains(m.name());
  }

  /**
   * The methods of the inputs that turning an object of {@code cls} into a string runs: its {@code
   * toString}, and the {@code hashCode} that {@code Object}'s calls; null when code outside runs.
   */
  List<MethodRef> stringMethods(String cls) {
    List<MethodRef> out = new ArrayList<>();
    for (String[] sig : new String[][] {{"toString", "()Ljava/lang/String;"}, {"hashCode", "()I"}}) {
      MethodRef t = cls == null ? null : program.resolve(cls, sig[0], sig[1]);
      if (cls == null || t != null && program.facts(t) == null) {
        return null;
      }
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  static boolean isInit(Op.Invoke inv) {
    return inv.method().name().equals("<init>");
  }

  /**
   * Whether the library's users may read field {@code key} (declarer.name) themselves: a public
   * one, or a protected one from a subclass; a field whose class is not read counts as one.
   */
  boolean usersRead(String key) {
    int dot = key.lastIndexOf('.');
    var ci = program.classInfo(key.substring(0, dot));
    var fi = ci == null ? null : ci.fields().get(key.substring(dot + 1));
    return fi == null || (fi.access() & (0x0001 | 0x0004)) != 0;
  }
}
