package dev.lockorder.summary;

import dev.lockorder.ir.Val;

/**
 * Receiver bounds of summary entries: an acquisition reached only through a call on {@code this}
 * that dispatched to a subclass's override holds only for receivers of that subclass.
 */
final class Receivers {
  /** A bound that no receiver can meet: the entry cannot happen from this call. */
  static final String DROP = "\u0000drop";

  private final Program program;

  Receivers(Program program) {
    this.program = program;
  }

  /**
   * The receiver bound of a callee's summary entry, in the caller's terms. A call on {@code this}
   * keeps the entry's bound, meets it with the subclass the call dispatched to, and drops the
   * entry when the caller's own class cannot be that subclass: {@code Sibling.write()} calling
   * {@code this.send()} of the base class never runs {@code Other.sendInternal()}. On any other
   * receiver, an entry whose bound the receiver's type excludes is dropped; others hold.
   */
  String rebound(String bound, String dispatched, boolean thisCall, Val recv, String owner) {
    if (thisCall) {
      String b = meet(bound, dispatched);
      if (b == null || b == DROP) {
        return b;
      }
      if (program.isSubtype(owner, b)) {
        return null; // every receiver of this method already is one
      }
      return program.isSubtype(b, owner) ? b : DROP;
    }
    if (bound != null && recv != null && !program.mayBeBoth(bound, recv.type())) {
      return DROP;
    }
    return null;
  }

  private String meet(String a, String b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    if (program.isSubtype(a, b)) {
      return a;
    }
    return program.isSubtype(b, a) ? b : DROP;
  }
}
