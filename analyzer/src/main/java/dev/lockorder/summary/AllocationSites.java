package dev.lockorder.summary;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs' allocation sites ({@code new C(..)} followed by its constructor call), indexed once
 * while the program is read: the constructor calls at each site, the sites of each class, and the
 * method each site is in. Shared by the rules that follow objects back to where they were made.
 */
public final class AllocationSites {
  private final Map<String, List<Op.Invoke>> ctorCalls = new HashMap<>();
  private final Map<String, List<String>> byClass = new HashMap<>();
  private final Map<String, MethodRef> madeIn = new HashMap<>();

  /** Records the constructor call {@code init} of object {@code nw}, made in method {@code in}. */
  void add(Val.New nw, Op.Invoke init, MethodRef in) {
    ctorCalls.computeIfAbsent(nw.site(), k -> new ArrayList<>()).add(init);
    if (nw.site() != null && madeIn.putIfAbsent(nw.site(), in) == null) {
      byClass.computeIfAbsent(nw.type(), k -> new ArrayList<>()).add(nw.site());
    }
  }

  /** Constructor calls at an allocation site. */
  public List<Op.Invoke> ctorCalls(String site) {
    return ctorCalls.getOrDefault(site, List.of());
  }

  /** The allocation sites of exactly class {@code cls}, in the order the inputs' methods list them. */
  List<String> ofClass(String cls) {
    return byClass.getOrDefault(cls, List.of());
  }

  /** The method that allocates at {@code site}, or null for a site the inputs do not show. */
  MethodRef madeIn(String site) {
    return madeIn.get(site);
  }
}
