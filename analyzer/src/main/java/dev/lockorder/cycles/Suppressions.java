package dev.lockorder.cycles;

import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.ClassInfo;
import dev.lockorder.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drops findings that the code suppresses with a class-retained annotation: any annotation named
 * {@code SuppressLockOrder} (ours is in {@code lockorder-annotations}), or one named {@code
 * SuppressFBWarnings} or {@code SuppressWarnings} that carries the rule's name or its opaque id
 * ({@code LockOrderCycle} or {@code LO1001}; or {@code lockorder}).
 * On a method or class, it covers findings whose witness stacks run through it; on a lock field,
 * every finding through that lock class.
 */
public final class Suppressions {
  private final Map<String, ClassInfo> classes;
  private final Map<String, String> lockFields;

  public Suppressions(Map<String, ClassInfo> classes, Map<String, String> lockFields) {
    this.classes = classes;
    this.lockFields = lockFields;
  }

  public List<Finding> apply(List<Finding> findings) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      if (!suppressed(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private boolean suppressed(Finding f) {
    Rule rule = f.rule();
    for (LockClass c : f.chain()) {
      String field = lockFields.get(c.key());
      if (field != null) {
        int dot = field.lastIndexOf('.');
        ClassInfo ci = classes.get(field.substring(0, dot));
        ClassInfo.FieldInfo fi = ci == null ? null : ci.fields().get(field.substring(dot + 1));
        if (fi != null && covers(fi.annotationStrings(), rule)) {
          return true;
        }
      }
    }
    for (Edge e : f.edges()) {
      for (Frame fr : e.witness().frames()) {
        ClassInfo ci = classes.get(fr.className().replace('.', '/'));
        if (ci == null) {
          continue;
        }
        if (covers(ci.annotationStrings(), rule)) {
          return true;
        }
        ClassInfo.MethodInfo mi = ci.methods().get(fr.method() + fr.descriptor());
        if (mi != null && covers(mi.annotationStrings(), rule)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean covers(Map<String, List<String>> annotations, Rule rule) {
    for (Map.Entry<String, List<String>> a : annotations.entrySet()) {
      String desc = a.getKey();
      String simple = desc.substring(Math.max(desc.lastIndexOf('/'), desc.lastIndexOf('$')) + 1);
      List<String> values = a.getValue();
      // The opaque id is what code scanning shows as the rule; the name is what older code carries.
      boolean named = values.stream().anyMatch(v -> v.equalsIgnoreCase("lockorder")
          || names(v, rule.id()) || names(v, rule.code()));
      if (simple.equals("SuppressLockOrder;")) {
        if (named || values.isEmpty()) {
          return true;
        }
      } else if ((simple.equals("SuppressFBWarnings;") || simple.equals("SuppressWarnings;")) && named) {
        return true;
      }
    }
    return false;
  }

  private static boolean names(String value, String rule) {
    return value.equals(rule) || value.equals("lockorder:" + rule);
  }
}
