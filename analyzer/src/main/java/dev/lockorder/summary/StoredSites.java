package dev.lockorder.summary;

import dev.lockorder.ir.Val;
import java.util.HashSet;
import java.util.Set;

/**
 * The allocation sites whose objects some method stores into a field (or a lambda stored there
 * captured). Where code reads such an object back from the field, its monitor is named by its
 * class, so the site cannot name it where it is made either: one lock under two names splits its
 * cycles (flow/StoredThenLocked). Objects passed to calls, returned or captured are not counted:
 * naming those by their class too (flow/WaitForTaskOfMadeObject, a known miss) brought edges on
 * objects locked before any other thread can see them (stream-client's ManagerPool.add, activemq's
 * subscriptions configured before they are published) and moved a real-world case's witness there.
 */
final class StoredSites {
  private final Set<String> sites = new HashSet<>();

  /** A value stored into a field: the site of a new object, or of one a lambda captured. */
  void note(Val v) {
    if (v instanceof Val.New n && n.site() != null) {
      sites.add(n.site());
    } else if (v instanceof Val.Lambda l) {
      l.captures().forEach(this::note);
    }
  }

  boolean contains(Val.New n) {
    return sites.contains(n.site());
  }
}
