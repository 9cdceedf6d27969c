package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a value of a method under {@link Confined}'s check carries of the one site's objects, from
 * what the check has learnt so far (the fields and factories that hand the object on) and what the
 * method itself makes (objects built with it, collections it is put in, its joins).
 */
final class CarriedKinds {
  /**
   * {@code DIRECT}: may be the object; {@code OWNED}: made with it and points back at it;
   * {@code LIST}: a JDK collection made for it, or that collection's iterator, whose elements may be
   * it ({@link LocalLists}).
   */
  enum Kind { NONE, DIRECT, OWNED, LIST }

  /** How {@code this} (and one parameter) relate to the object in a method under check. */
  record Role(char kind, int param) {
    static final Role SELF = new Role('S', -1); // this is the object
    static final Role OWNED = new Role('O', -1); // this points back at it
    static final Role OTHER = new Role('H', -1); // only fields say
    // 'C': this is made with the object, passed as param; 'L': only param, a collection holding it, says
  }

  private final Program program;

  CarriedKinds(Program program) {
    this.program = program;
  }

  // The sets of one check, fields by declarer.name; they only grow, and the check re-runs until they stop.
  String site;
  Set<String> objectFields; // hold the object itself, whatever the base
  Set<String> ownedFields; // of the object: hold objects made with it
  Set<String> backFields; // of those objects: hold the object
  Set<MethodRef> factories; // private methods that return the object: their callers get it
  Set<MethodRef> listFactories; // private methods that return a collection holding it: so do theirs

  void start(String s) {
    site = s;
    objectFields = new HashSet<>();
    ownedFields = new HashSet<>();
    backFields = new HashSet<>();
    factories = new HashSet<>();
    listFactories = new HashSet<>();
  }

  /** How much the check has learnt: when a round adds nothing, it is done. */
  int learnt() {
    return objectFields.size() + ownedFields.size() + backFields.size() + factories.size() + listFactories.size();
  }

  /** The current method's joins: a local that may hold the object is followed as the object. */
  private Map<Integer, List<Val>> joins = Map.of();
  /** What a join the method did not keep may carry: the most any merged value does. */
  Kind lostJoins = Kind.NONE;
  /** The collections made in the current method that may hold the object. */
  final Set<String> lists = new HashSet<>();
  /** Whether a value of the current method may be the object or a collection holding it: not followed. */
  boolean mixed;

  void enter(MethodFacts mf) {
    joins = mf.mergedAt();
    lostJoins = Kind.NONE;
    lists.clear();
    mixed = false;
  }

  /** The class of the objects the site makes; null when its constructor call is not one. */
  String siteClass() {
    List<Op.Invoke> ctors = program.sites().ctorCalls(site);
    return ctors.size() != 1 ? null : ctors.get(0).method().owner();
  }

  Kind kind(Val v, Role r, Set<String> owned) {
    if (v instanceof Val.Param p) {
      if (p.index() == 0 && r.kind() != 'H' && r.kind() != 'L') {
        return r.kind() == 'S' ? Kind.DIRECT : Kind.OWNED;
      }
      if (p.index() != r.param()) {
        return Kind.NONE;
      }
      return r.kind() == 'C' ? Kind.DIRECT : r.kind() == 'L' ? Kind.LIST : Kind.NONE;
    }
    if (v instanceof Val.New nw && nw.site() != null) {
      return nw.site().equals(site) ? Kind.DIRECT : owned.contains(nw.site()) ? Kind.OWNED
          : lists.contains(nw.site()) ? Kind.LIST : Kind.NONE;
    }
    if (v instanceof Val.Field f) {
      String key = program.fieldDeclarer(f.owner(), f.name()) + "." + f.name();
      if (objectFields.contains(key)) {
        return Kind.DIRECT;
      }
      Kind b = kind(f.base(), r, owned);
      if (b == Kind.DIRECT && ownedFields.contains(key)) {
        return Kind.OWNED;
      }
      return b == Kind.OWNED && backFields.contains(key) ? Kind.DIRECT : Kind.NONE;
    }
    if (v instanceof Val.Unknown u && u.join() >= 0) {
      return joined(u, r, owned);
    }
    if (v instanceof Val.Call c && KeepingCalls.nullCheck(c.method()) && c.args().size() == 1) {
      return kind(c.args().get(0), r, owned);
    }
    if (v instanceof Val.Call c && factories.contains(c.method()) && !c.args().isEmpty()
        && c.args().get(0) instanceof Val.Param p && p.index() == 0) {
      return Kind.DIRECT; // what a factory of the object's maker returns
    }
    return v instanceof Val.Call c ? listRead(c, r, owned) : Kind.NONE;
  }

  /**
   * A call's result that is a collection holding the object, its iterator, or an element read out
   * of either; any other call's result is checked at the callee's return.
   */
  private Kind listRead(Val.Call c, Role r, Set<String> owned) {
    if (listFactories.contains(c.method())) {
      return Kind.LIST;
    }
    LocalLists.Use use = LocalLists.use(c.method());
    if (use != LocalLists.Use.ELEMENT && use != LocalLists.Use.ITERATOR || c.args().isEmpty()
        || kind(c.args().get(0), r, owned) != Kind.LIST) {
      return Kind.NONE;
    }
    return use == LocalLists.Use.ELEMENT ? Kind.DIRECT : Kind.LIST;
  }

  /** The most a join's values carry: the object if any of them may be it. */
  private Kind joined(Val.Unknown u, Role r, Set<String> owned) {
    List<Val> alts = joins.get(u.join());
    if (alts == null) {
      return lostJoins; // a join not kept (too many values) may hold whatever the method merged
    }
    Kind most = Kind.NONE;
    for (Val a : alts) {
      most = most(most, kind(a, r, owned)); // a join's list is flat: no join inside it
    }
    return most;
  }

  /** What a value that may be either of two carries; the object or a collection of it is not followed. */
  Kind most(Kind a, Kind b) {
    if (a == Kind.NONE || a == b) {
      return b;
    } else if (b == Kind.NONE) {
      return a;
    }
    mixed |= a == Kind.LIST || b == Kind.LIST;
    return Kind.DIRECT;
  }
}
