package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the program's new objects go, for naming their locks ({@link LockNamer}). A factory's new
 * object that never leaves the method making it is named by its call site. An allocation site whose
 * objects some method stores into a field (or a lambda stored there captured) is not named by its
 * site: code reading the field names such a monitor by its class, and one lock under two names
 * splits its cycles (flow/StoredThenLocked). Objects that leave only through a call, a return or a
 * capture keep their site's name: naming those by their class too (flow/WaitForTaskOfMadeObject, a
 * known miss) brought edges on objects locked before any other thread can see them (stream-client's
 * ManagerPool.add, activemq's subscriptions configured before they are published) and moved a
 * real-world case's witness there.
 */
final class MadeObjects {
  private final Set<Val> factoryEscapes = new HashSet<>();
  private final Set<String> sitesStored = new HashSet<>();

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
    noteStored(st.value());
  }

  private void escape(Val v) {
    if (v instanceof Val.Call c && c.site() != null) {
      factoryEscapes.add(c);
    } else if (v instanceof Val.Lambda l) {
      l.captures().forEach(this::escape);
    }
  }

  private void noteStored(Val v) {
    if (v instanceof Val.New n && n.site() != null) {
      sitesStored.add(n.site());
    } else if (v instanceof Val.Lambda l) {
      l.captures().forEach(this::noteStored);
    }
  }

  boolean keptWhereMade(Val v) {
    return v instanceof Val.Call c && c.site() != null && !factoryEscapes.contains(v);
  }

  boolean storedInField(Val.New n) {
    return sitesStored.contains(n.site());
  }
}
