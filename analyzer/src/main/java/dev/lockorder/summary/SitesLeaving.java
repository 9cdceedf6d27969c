package dev.lockorder.summary;

import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashSet;
import java.util.Set;

/**
 * The allocation sites whose objects leave the method making them: stored into a field, passed to
 * a call (as its receiver too, but for their own constructor's), captured by a lambda, or
 * returned. Where such an object arrives (a field's readers, a callee's {@code this} or parameter)
 * its monitor is named by its class, so the site cannot name it where it is made either: one lock
 * under two names splits its cycles (flow/StoredThenLocked, flow/WaitForTaskOfMadeObject).
 */
final class SitesLeaving {
  private final Set<String> sites = new HashSet<>();

  /** The arguments of a call, its receiver included unless the call is the object's own constructor. */
  void passed(Op.Invoke inv) {
    boolean ctor = inv.method().name().equals("<init>");
    for (int i = ctor ? 1 : 0; i < inv.args().size(); i++) {
      note(inv.args().get(i));
    }
  }

  /** A value stored, returned or passed on: the site of a new object, or of one a lambda captured. */
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
