package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * Which class declares a field that code names through some subclass or interface ({@code
 * getfield Sub.f} for a field of {@code Base}). Asked for every path the summaries build, so each
 * answer is kept: the walk up the hierarchy was a few percent of a large run.
 */
final class FieldDeclarers {
  private final Map<String, ClassInfo> classes;
  private final JdkTypes jdk;
  private final Map<String, Map<String, String>> known = new HashMap<>();

  FieldDeclarers(Map<String, ClassInfo> classes, JdkTypes jdk) {
    this.classes = classes;
    this.jdk = jdk;
  }

  /** The declaring class of {@code owner.name}; {@code owner} itself when the classes read do not say. */
  String of(String owner, String name) {
    Map<String, String> byName = known.computeIfAbsent(owner, k -> new HashMap<>());
    String d = byName.get(name);
    if (d == null) {
      d = walk(owner, name);
      byName.put(name, d);
    }
    return d;
  }

  private String walk(String owner, String name) {
    String c = owner;
    int guard = 0;
    while (c != null && guard++ < 100) {
      ClassInfo ci = classes.get(c);
      if (ci == null) {
        return inJdk(c, name);
      }
      if (ci.fields().containsKey(name)) {
        return c;
      }
      for (String itf : ci.interfaces()) {
        ClassInfo ii = classes.get(itf);
        if (ii != null && ii.fields().containsKey(name)) {
          return itf;
        }
      }
      c = ci.superName();
    }
    return owner;
  }

  /**
   * Past the classes read, the JDK class that declares a field its subclasses can read ({@code
   * out} of a class extending {@code BufferedOutputStream} is {@code FilterOutputStream}'s), so
   * that reads of it meet what JDK constructors keep there; {@code cls} itself when the JDK's
   * classes do not say (or {@code cls} is not the JDK's).
   */
  private String inJdk(String cls, String name) {
    for (JdkTypes.Field f : jdk.fieldsUpTheChain(cls, classes::containsKey)) {
      if (f.name().equals(name)) {
        return f.declarer();
      }
    }
    return cls;
  }
}
