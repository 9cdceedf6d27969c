package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collections whose every element points back at the object holding the collection: a statement
 * keeps the result sets it made in its own {@code resultSets}, each made as {@code new
 * ResultSet(.., this)} with {@code this} going into the result set's {@code creator} (c3p0's
 * {@code NewProxyStatement.myProxyResultSets} and {@code NewProxyResultSet.creatorProxy}). Then for
 * any element {@code e} of {@code x.resultSets}, {@code e.creator} is {@code x}.
 *
 * <p>Proved for a field {@code F} and an element field {@code G} when: only constructors store
 * into {@code F}, each a new object; every call that puts into an {@code F} is an {@code add} (or
 * {@code offer}, {@code push}, {@code addFirst}, {@code addLast}) on {@code this.F} of an object
 * made right there whose constructor fills {@code G} from its argument {@code this}; and an {@code
 * F} is never handed to a call, stored elsewhere or returned (so nothing else fills it). Elements
 * are read as {@code F.iterator().next()} or {@code F.get(i)}.
 */
final class OwnedElements {
  private static final Set<String> ADDS = Set.of("add", "offer", "push", "addFirst", "addLast");
  private static final Set<String> READS = Set.of("iterator", "get", "remove", "size", "isEmpty", "contains",
      "clear", "toArray", "hashCode", "equals", "toString");

  private final Program program;
  private final CtorFields ctorFields;
  private final Map<List<String>, Boolean> proved = new HashMap<>();
  private Map<String, List<MethodFacts>> mentioning;

  OwnedElements(Program program, CtorFields ctorFields) {
    this.program = program;
    this.ctorFields = ctorFields;
  }

  /** The object holding the collection {@code v} is an element of ({@code q.F}), or null. */
  static Val.Field collectionOf(Val v) {
    if (!(v instanceof Val.Call c) || c.args().isEmpty()) {
      return null;
    }
    if (c.method().name().equals("next") && c.args().get(0) instanceof Val.Call it
        && it.method().name().equals("iterator") && it.args().size() == 1) {
      return it.args().get(0) instanceof Val.Field f ? f : null;
    }
    if (c.method().name().equals("get") && c.args().size() == 2 && c.method().desc().startsWith("(I)")) {
      return c.args().get(0) instanceof Val.Field f ? f : null;
    }
    return null;
  }

  /**
   * Whether every element of any {@code F} (declared by {@code fDecl}) has {@code G} (declared by
   * {@code gDecl}) pointing back at the object holding that {@code F}.
   */
  boolean pointsBack(String fDecl, String f, String gDecl, String g) {
    return proved.computeIfAbsent(List.of(fDecl, f, gDecl, g), k -> prove(fDecl, f, gDecl, g));
  }

  private boolean prove(String fDecl, String f, String gDecl, String g) {
    List<FieldStore> own = program.constructorStores(fDecl, f);
    if (own == null || !own.stream().allMatch(st -> st.value() instanceof Val.New)) {
      return false;
    }
    boolean added = false;
    for (MethodFacts mf : mentioning().getOrDefault(f, List.of())) {
      for (FieldStore st : mf.stores()) {
        if (isF(st.value(), fDecl, f)) {
          return false; // stored elsewhere: another object may fill it
        }
      }
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Return r && r.value() != null && isF(r.value(), fDecl, f)) {
          return false;
        }
        if (!(n.op() instanceof Op.Invoke inv)) {
          continue;
        }
        for (int k = 1; k < inv.args().size(); k++) {
          if (isF(inv.args().get(k), fDecl, f)) {
            return false; // handed to a call: filled or aliased there
          }
        }
        if (inv.args().isEmpty() || !isF(inv.args().get(0), fDecl, f) || inv.kind().equals("static")) {
          continue;
        }
        String name = inv.method().name();
        if (ADDS.contains(name) && inv.args().size() == 2) {
          if (!(inv.args().get(0) instanceof Val.Field on && on.base() instanceof Val.Param p && p.index() == 0
              && !mf.isStatic() && madeWithThis(inv.args().get(1), gDecl, g))) {
            return false;
          }
          added = true;
        } else if (!READS.contains(name)) {
          return false; // addAll, put, set, ...: elements not made here
        }
      }
    }
    return added;
  }

  /**
   * The methods that store, return or pass a field, by the field's name: each proof looks only at
   * those, not at every method of the program.
   */
  private Map<String, List<MethodFacts>> mentioning() {
    if (mentioning == null) {
      mentioning = new HashMap<>();
      for (MethodFacts mf : program.methods()) {
        Set<String> names = new java.util.HashSet<>(); // plain loops: no lambda made per store or call
        for (var st : mf.stores()) {
          fieldName(st.value(), names);
        }
        for (Node n : mf.nodes()) {
          if (n.op() instanceof Op.Return r) {
            fieldName(r.value(), names);
          } else if (n.op() instanceof Op.Invoke inv) {
            for (Val a : inv.args()) {
              fieldName(a, names);
            }
          }
        }
        names.forEach(x -> mentioning.computeIfAbsent(x, k -> new java.util.ArrayList<>()).add(mf));
      }
    }
    return mentioning;
  }

  private static void fieldName(Val v, Set<String> into) {
    if (v instanceof Val.Field x) {
      into.add(x.name());
    }
  }

  private boolean isF(Val v, String fDecl, String f) {
    return v instanceof Val.Field x && x.name().equals(f) && program.fieldDeclarer(x.owner(), x.name()).equals(fDecl);
  }

  /** Whether {@code v} is an object made on the spot whose constructor fills {@code G} from its maker's this. */
  private boolean madeWithThis(Val v, String gDecl, String g) {
    return v instanceof Val.New n && ctorFields.filledAt(n.site(), gDecl, g) instanceof Val.Param p && p.index() == 0;
  }
}
