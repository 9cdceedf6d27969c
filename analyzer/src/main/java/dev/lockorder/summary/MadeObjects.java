package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashSet;
import java.util.Set;

/**
 * Where a factory's new objects go, for naming their locks ({@link LockNamer}): one that never
 * leaves the method making it is named by its call site ({@link StoredSites} says which allocation
 * sites' objects are stored into fields).
 */
final class MadeObjects {
  private final Set<Val> factoryEscapes = new HashSet<>();

  /**
   * A factory's new object (a {@link Val.Call} with a site) is kept where it was made unless it is
   * stored, returned, captured or passed to any call but its own methods: then other code may reach
   * it under another name.
   */
  void call(Op.Invoke inv) {
    boolean instance = !inv.kind().equals("static");
    for (int i = instance ? 1 : 0; i < inv.args().size(); i++) {
      escape(inv.args().get(i));
    }
  }

  void returned(Val v) {
    escape(v);
  }

  void stored(FieldStore st) {
    escape(st.value());
  }

  private void escape(Val v) {
    if (v instanceof Val.Call c && c.site() != null) {
      factoryEscapes.add(c);
    } else if (v instanceof Val.Lambda l) {
      l.captures().forEach(this::escape);
    }
  }

  boolean keptWhereMade(Val v) {
    return v instanceof Val.Call c && c.site() != null && !factoryEscapes.contains(v);
  }
}
