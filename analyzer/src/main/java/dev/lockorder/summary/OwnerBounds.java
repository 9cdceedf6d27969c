package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Owner bounds of acquisitions ({@link Acq#owner}): which classes the object that owns a lock
 * (one it makes for itself, {@link ObjectsOfLocks#lockField}) can be of, from the methods it was
 * {@code this} of on the way to the acquisition. A subclass that overrides a method without calling
 * {@code super} never runs it, so a lock taken there is never such an object's. The type flow at
 * the outermost frame, which names the lock's objects, may have lost that: the object came
 * through a field that holds both kinds.
 */
final class OwnerBounds {
  private final Program program;
  private final ObjectsOfLocks objects;

  OwnerBounds(Program program, ObjectsOfLocks objects) {
    this.program = program;
    this.objects = objects;
  }

  /**
   * The owner bound of entry {@code a} of {@code t}'s summary once a call on a {@code recvType}
   * (null: unknown) has run {@code t}: when its lock is one its owner makes for itself in a field of
   * {@code t}'s {@code this}, the owner is of a class that runs {@code t} (not one that overrides it
   * without {@code super}) and is a {@code recvType} (the call's class, which the JVM checks the
   * receiver against). Written {@code D.f=A|B}: the lock's field and the owner's classes. The owner
   * is one object whichever path later names it, so the bound stays with the entry (h2's pooled
   * connection locks itself in its own {@code checkClosed}, reached from a statement's connection
   * field that holds plain ones too).
   */
  String ownerAfter(Acq a, MethodRef t, String recvType) {
    return ownerAfter(a.ref().val(), a.owner(), t, recvType);
  }

  /**
   * The same for a lock held while {@code t} ran on its owner: {@code lock} in the terms of a method
   * whose {@code this} is the object {@code t} ran on (the lock a sink holds while calling its own
   * hook, which only some subclasses override to reach further locks).
   */
  Held ownerAfter(Held x, MethodRef t, String recvType) {
    return x.withOwner(ownerAfter(x.ref().val(), x.owner(), t, recvType));
  }

  private String ownerAfter(Val lock, String owner, MethodRef t, String recvType) {
    Val.Field f = objects.lockField(lock);
    if (f == null || !(f.base() instanceof Val.Param p && p.index() == 0) || program.isStaticMethod(t)
        || t.name().startsWith("<")) {
      return owner;
    }
    String decl = program.fieldDeclarer(f.owner(), f.name());
    List<String> all = program.concreteSubtypes(decl);
    // The class a call names narrows only where the inputs hold it: the hierarchy knows a JDK
    // type's subclasses only as far as they name it themselves (an InputStream is AutoCloseable).
    boolean named = recvType != null && !recvType.equals(decl) && program.classInfo(recvType) != null;
    Set<String> runs = runs(t, named ? recvType : null, decl);
    if (runs.isEmpty() || runs.size() == all.size()) {
      return owner; // no class known, or every class that has the lock: nothing learnt
    }
    String field = decl + "." + f.name() + "=";
    if (owner == null) {
      return field + String.join("|", runs);
    }
    if (!owner.startsWith(field)) {
      return null; // another field: the bounds say nothing together
    }
    Set<String> both = new TreeSet<>(classes(owner));
    both.retainAll(runs);
    return field + String.join("|", both); // none left: no object takes it (kept as an empty bound)
  }

  /** The classes with {@code decl}'s field that run {@code t} and are {@code recvType}s (any, when null). */
  private Set<String> runs(MethodRef t, String recvType, String decl) {
    return runs.computeIfAbsent(java.util.Arrays.asList(t, recvType, decl), k -> {
      Set<String> out = new TreeSet<>(privateMethod(t) ? program.concreteSubtypes(decl)
          : runnerClasses.computeIfAbsent(t, this::runnerClasses));
      if (recvType != null) {
        out.retainAll(program.concreteSubtypes(recvType));
      }
      return out;
    });
  }

  /** Asked at every call site of every summary entry on a lock of {@code this}: computed once. */
  private final Map<List<Object>, Set<String>> runs = new HashMap<>();

  /** One entry for two paths: the owner either allows. */
  static String joinOwners(String a, String b) {
    if (a == null || b == null || !field(a).equals(field(b))) {
      return null;
    }
    Set<String> both = new TreeSet<>(classes(a));
    both.addAll(classes(b));
    return field(a) + String.join("|", both);
  }

  /**
   * Of {@code objects}, those an owner bound allows: of a class it names, or of no known concrete
   * class; for null (any object), every object of the classes it names.
   */
  List<String> allowed(List<String> objects, String owner, Val.Field lock) {
    if (owner == null || !field(owner).equals(program.fieldDeclarer(lock.owner(), lock.name()) + "." + lock.name() + "=")) {
      return objects;
    }
    Set<String> cs = classes(owner);
    List<String> out = new ArrayList<>();
    if (objects == null) { // the flow lost the owner: any object of the classes the bound names
      cs.forEach(c -> out.add(c + "@"));
    }
    for (String o : objects == null ? List.<String>of() : objects) {
      String c = o.substring(0, o.indexOf('@'));
      ClassInfo ci = program.classInfo(c);
      if (cs.contains(c) || ci == null || ci.isInterface() || ci.isAbstract()) {
        out.add(o);
      }
    }
    return out.isEmpty() ? List.of(NOBODY) : List.copyOf(out);
  }

  /** An entry no other list names: a lock no object can be. */
  private static final String NOBODY = "@nobody";

  private static String field(String owner) {
    return owner.substring(0, owner.indexOf('=') + 1);
  }

  private static Set<String> classes(String owner) {
    String cs = owner.substring(owner.indexOf('=') + 1);
    return cs.isEmpty() ? Set.of() : new TreeSet<>(List.of(cs.split("\\|")));
  }

  /** The known concrete classes whose objects run {@code t}: of its class, less those overriding it without super. */
  private Set<String> runnerClasses(MethodRef t) {
    Set<String> out = new TreeSet<>();
    for (String c : program.concreteSubtypes(t.owner())) {
      if (t.equals(program.resolve(c, t.name(), t.desc())) || objects.callsSuper(c, t)) {
        out.add(c);
      }
    }
    return out;
  }

  private final Map<MethodRef, Set<String>> runnerClasses = new HashMap<>();

  private boolean privateMethod(MethodRef m) {
    ClassInfo ci = program.classInfo(m.owner());
    ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(m.signature());
    return mi == null || (mi.access() & 0x0002) != 0;
  }
}
