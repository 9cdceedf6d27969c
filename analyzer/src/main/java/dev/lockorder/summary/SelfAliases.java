package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields that always hold the object they belong to ({@code this.mutex = this}, as {@code
 * Collections.synchronizedList} does): every store into one stores the receiver into the
 * receiver's own field, so locking it is locking that object. And fields that one constructor
 * sets to the object it builds, where others set them to something else (derby's {@code
 * EmbedConnection.rootConnection}: itself for a root connection, the root for a nested one).
 */
final class SelfAliases {
  private final Program program;
  private final Map<List<String>, Boolean> known = new HashMap<>();
  private Set<String> names;

  SelfAliases(Program program) {
    this.program = program;
  }

  boolean holds(String owner, String name) {
    if (names == null) {
      names = new HashSet<>();
      for (MethodFacts mf : program.methods()) {
        for (FieldStore st : mf.stores()) {
          if (st.value() instanceof Val.Param v && v.index() == 0) {
            names.add(st.name());
          }
        }
      }
    }
    if (!names.contains(name)) {
      return false; // no store of a receiver into a field of that name anywhere
    }
    return known.computeIfAbsent(List.of(owner, name), k -> {
      String decl = program.fieldDeclarer(owner, name);
      List<FieldStore> stores = program.storesOf(decl, name);
      if (stores.isEmpty()) {
        return false;
      }
      for (FieldStore st : stores) {
        MethodFacts sm = program.facts(st.method());
        if (!(st.value() instanceof Val.Param v && v.index() == 0 && st.base() instanceof Val.Param b
            && b.index() == 0 && sm != null && !sm.isStatic())) {
          return false;
        }
      }
      return true;
    });
  }

  /**
   * Whether, inside constructor {@code ctor}, {@code this.name} is {@code this} wherever it is set:
   * only constructors store into the field, all on the object they build, and {@code ctor} stores
   * {@code this} and nothing else. Before that store the field is null, which no code locks.
   */
  boolean inConstructor(dev.lockorder.ir.MethodRef ctor, String owner, String name) {
    if (!ctor.name().equals("<init>") || names != null && !names.contains(name)) {
      return false;
    }
    String decl = program.fieldDeclarer(owner, name);
    if (!decl.equals(ctor.owner())) {
      return false;
    }
    List<FieldStore> ctorStores = program.constructorStores(decl, name);
    if (ctorStores == null) {
      return false;
    }
    boolean self = false;
    for (FieldStore st : ctorStores) {
      if (st.method().equals(ctor)) {
        if (!(st.value() instanceof Val.Param v && v.index() == 0)) {
          return false;
        }
        self = true;
      }
    }
    return self;
  }
}
