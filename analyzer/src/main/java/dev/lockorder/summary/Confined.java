package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * Objects of one allocation site that the library's users never get hold of: a result set's private
 * updater statement, which the result set makes, keeps in a package-private field and only calls
 * methods on. A public method that no code of the inputs calls runs on objects its callers hold, so
 * its {@code this} is never such an object unless the program itself runs it on one
 * ({@link ObjectsOfLocks}).
 *
 * <p>The field-based type flow cannot tell: the updater's own execution makes a result set that
 * points back at it, and the public getter of that back-pointer hands out every statement any
 * result set was made by. This check follows the one site's objects with the receiver as context
 * instead. A value carries the object when it is the object ({@code DIRECT}: the allocation,
 * {@code this} of a method run on it, a read of a field it was stored into) or an object made with
 * it as a constructor argument and kept in the object's own field ({@code OWNED}: the result set
 * the updater makes, whose {@code statement} field is then the object again). Carrying values may
 * be call receivers (the callee is checked with its {@code this} so bound), field bases, monitors,
 * or stored where the three field sets below say; anything else (an argument, a return, a capture,
 * a static, a public or protected field, a callee without code) lets the object out. Unsound for
 * array stores and throws the facts do not show (an allocation used nowhere else they show counts
 * as let out), for package-private fields that code of the same package outside the inputs reads,
 * for reflection, and for paths cut at the depth limit.
 */
final class Confined {
  private static final int MAX_METHODS = 3000;
  private static final int MAX_ROUNDS = 6;
  private static final Set<String> OBJECT_KEEPS = Set.of("<init>", "getClass", "hashCode", "equals", "notify",
      "notifyAll", "wait");

  private enum Kind { NONE, DIRECT, OWNED }

  /** How {@code this} (and one parameter) relate to the object in a method under check. */
  private record Role(char kind, int param) {
    static final Role SELF = new Role('S', -1); // this is the object
    static final Role OWNED = new Role('O', -1); // this points back at it
    static final Role OTHER = new Role('H', -1); // only fields say
  }

  private final Program program;
  private final FieldMentions mentions;
  private final Map<String, Set<MethodRef>> selfMethods = new HashMap<>(); // null value: not confined

  Confined(Program program, FieldMentions mentions) {
    this.program = program;
    this.mentions = mentions;
    this.calls = new KeepingCalls(program);
  }

  private final KeepingCalls calls;

  /** The allocation sites of exactly class {@code cls} in the inputs. */
  List<String> sitesOf(String cls) {
    return program.sites().ofClass(cls);
  }

  /**
   * The methods the program runs with {@code this} an object of {@code site}, when no such object
   * reaches code outside the inputs; null when one may.
   */
  Set<MethodRef> selfMethodsIfConfined(String site) {
    if (!selfMethods.containsKey(site)) {
      selfMethods.put(site, check(site));
    }
    return selfMethods.get(site);
  }

  // The three field sets of one check, by declarer.name; they only grow, and the check re-runs until they stop.
  private Set<String> objectFields; // hold the object itself, whatever the base
  private Set<String> ownedFields; // of the object: hold objects made with it
  private Set<String> backFields; // of those objects: hold the object
  private Set<MethodRef> factories; // private methods that return the object: their callers get it
  private String site;

  private Set<MethodRef> check(String s) {
    MethodRef alloc = program.sites().madeIn(s);
    if (alloc == null) {
      return null;
    }
    site = s;
    objectFields = new HashSet<>();
    ownedFields = new HashSet<>();
    backFields = new HashSet<>();
    factories = new HashSet<>();
    readByJdk = false;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int sizes = objectFields.size() + ownedFields.size() + backFields.size() + factories.size();
      Set<List<Object>> done = new HashSet<>();
      ArrayDeque<List<Object>> work = new ArrayDeque<>();
      work.add(List.of(alloc, Role.OTHER));
      for (String f : objectFields) {
        mentions.of(f).forEach(m -> work.add(List.of(m.ref(), Role.OTHER)));
      }
      for (MethodRef f : factories) {
        calls.callersInClass(f).forEach(m -> work.add(List.of(m, Role.OTHER)));
      }
      while (!work.isEmpty()) {
        List<Object> next = work.poll();
        if (!done.add(next)) {
          continue;
        }
        if (done.size() > MAX_METHODS || !keeps((MethodRef) next.get(0), (Role) next.get(1), work)) {
          return null;
        }
      }
      if (sizes == objectFields.size() + ownedFields.size() + backFields.size() + factories.size()) {
        Set<MethodRef> self = new HashSet<>();
        done.stream().filter(p -> p.get(1).equals(Role.SELF)).forEach(p -> self.add((MethodRef) p.get(0)));
        if (readByJdk) {
          self.addAll(siteClass() == null ? Set.of() : calls.methodsOf(siteClass())); // read during the call only
        }
        return self;
      }
    }
    return null;
  }

  /** Whether {@code m}, run in role {@code r}, keeps the object in; queues the methods it runs on it. */
  private boolean keeps(MethodRef m, Role r, ArrayDeque<List<Object>> work) {
    queue = work;
    MethodFacts mf = program.facts(m);
    if (mf == null) {
      return false; // code outside the inputs, or without code
    }
    Set<String> owned = new HashSet<>(); // sites made here with the object as a constructor argument
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv && inv.method().name().equals("<init>") && inv.args().get(0) instanceof Val.New nw
          && !(nw.site() != null && nw.site().equals(site)) && !KeepingCalls.readsArgument(inv.method())) {
        for (int j = 1; j < inv.args().size(); j++) {
          if (kind(inv.args().get(j), r, owned) == Kind.DIRECT) {
            owned.add(nw.site());
          }
        }
      }
    }
    if (mf.merged() == null) {
      return false; // too many joins kept: any unknown value may be it
    }
    joins = mf.mergedAt();
    lostJoins = Kind.NONE;
    for (Val v : mf.merged()) {
      Kind k = kind(v, r, owned);
      if (k != Kind.NONE && !KeepingCalls.kept(v, mf)) {
        return false; // joined with other values: lost track of it
      }
      lostJoins = k == Kind.DIRECT || lostJoins == Kind.DIRECT ? Kind.DIRECT : k == Kind.OWNED ? k : lostJoins;
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Return ret && ret.value() != null && carries(ret.value(), r, owned)) {
        if (r == Role.OTHER && kind(ret.value(), r, owned) == Kind.DIRECT && KeepingCalls.factory(mf)) {
          factories.add(m); // its callers are checked with what it returns
          continue;
        }
        return false;
      } else if (n.op() instanceof Op.Invoke inv && !call(inv, r, owned, work)) {
          return false;
      }
    }
    if (!KeepingCalls.seenUsed(mf, owned, site)) {
      return false;
    }
    for (FieldStore st : mf.stores()) {
      if (!store(st, r, owned)) {
        return false;
      }
    }
    return true;
  }

  /** The current method's joins: a local that may hold the object is followed as the object. */
  private Map<Integer, List<Val>> joins = Map.of();
  /** What a join the method did not keep may carry: the most any merged value does. */
  private Kind lostJoins = Kind.NONE;

  private boolean call(Op.Invoke inv, Role r, Set<String> owned, ArrayDeque<List<Object>> work) {
    if (KeepingCalls.nullCheck(inv.method())) {
      return true; // hands back its argument, followed as that argument (kind)
    }
    if (KeepingCalls.readsArgument(inv.method()) && inv.args().size() == 2 && kind(inv.args().get(0), r, owned) == Kind.NONE
        && kind(inv.args().get(1), r, owned) == Kind.DIRECT) {
      readByJdk = true; // the JDK runs its methods during the call, and keeps nothing of it
      return true;
    }
    boolean instance = !inv.kind().equals("static");
    boolean fresh = instance && inv.method().name().equals("<init>") && inv.args().get(0) instanceof Val.New nw
        && owned.contains(nw.site());
    Kind recv = instance ? kind(inv.args().get(0), r, owned) : Kind.NONE;
    int direct = -1;
    for (int j = instance ? 1 : 0; j < inv.args().size(); j++) {
      Val a = inv.args().get(j);
      Kind k = kind(a, r, owned);
      if (k == Kind.OWNED || k == Kind.DIRECT && (direct >= 0 || !(fresh || recv == Kind.OWNED && KeepingCalls.isInit(inv)))) {
        return false; // handed to a callee as an argument
      }
      if (k == Kind.DIRECT) {
        direct = j;
      }
      if (captures(a, r, owned)) {
        return false;
      }
    }
    if (recv == Kind.NONE && !fresh) {
      return true;
    }
    List<MethodRef> targets = recv == Kind.DIRECT && !inv.kind().equals("special") ? ownTarget(inv) : program.targets(inv);
    if (targets.isEmpty() && inv.method().owner().equals("java/lang/Object") && OBJECT_KEEPS.contains(inv.method().name())) {
      return true; // Object's constructor, identity and monitor methods keep their object to themselves
    }
    if (targets.isEmpty()) {
      return false; // a JDK method, or a call cut for its many targets
    }
    // The object itself runs the callee; an object made with it, or building itself with it, is owned.
    Role role = recv == Kind.DIRECT ? Role.SELF : direct >= 0 ? new Role('C', direct) : Role.OWNED;
    for (MethodRef t : targets) {
      work.add(List.of(t, role));
    }
    return true;
  }

  /** Whether the JDK read the object in the current check: any of its methods may have run. */
  private boolean readByJdk;

  /** The method a call on the object itself runs: its class is the site's, so dispatch is exact. */
  private List<MethodRef> ownTarget(Op.Invoke inv) {
    MethodRef t = siteClass() == null ? null : program.resolve(siteClass(), inv.method().name(), inv.method().desc());
    return t != null && program.facts(t) != null ? List.of(t) : program.targets(inv);
  }

  /** The class of the objects the site makes; null when its constructor call is not one. */
  private String siteClass() {
    List<Op.Invoke> ctors = program.sites().ctorCalls(site);
    return ctors.size() != 1 ? null : ctors.get(0).method().owner();
  }

  private boolean store(FieldStore st, Role r, Set<String> owned) {
    if (captures(st.value(), r, owned)) {
      return false;
    }
    Kind v = kind(st.value(), r, owned);
    if (v == Kind.NONE) {
      return true;
    }
    if (st.base() == null) {
      return false; // a static field: anyone may read it
    }
    String key = program.fieldDeclarer(st.owner(), st.name()) + "." + st.name();
    Kind b = kind(st.base(), r, owned);
    if (v == Kind.DIRECT && b == Kind.OWNED) {
      backFields.add(key); // the owned object's back-pointer
    } else if (v == Kind.OWNED && b == Kind.DIRECT) {
      ownedFields.add(key); // the object keeps what it made with itself
    } else if (v == Kind.DIRECT && !calls.usersRead(key)) {
      objectFields.add(key); // every read of the field, anywhere, is then checked
    } else {
      return false;
    }
    return true;
  }

  private Kind kind(Val v, Role r, Set<String> owned) {
    if (v instanceof Val.Param p) {
      if (p.index() == 0 && r.kind() != 'H') {
        return r.kind() == 'S' ? Kind.DIRECT : Kind.OWNED;
      }
      return r.kind() == 'C' && p.index() == r.param() ? Kind.DIRECT : Kind.NONE;
    }
    if (v instanceof Val.New nw && nw.site() != null) {
      return nw.site().equals(site) ? Kind.DIRECT : owned.contains(nw.site()) ? Kind.OWNED : Kind.NONE;
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
    return Kind.NONE; // a call's result is checked at the callee's return
  }

  /** The most a join's values carry: the object if any of them may be it. */
  private Kind joined(Val.Unknown u, Role r, Set<String> owned) {
    List<Val> alts = joins.get(u.join());
    if (alts == null) {
      return lostJoins; // a join not kept (too many values) may hold whatever the method merged
    }
    Kind most = Kind.NONE;
    for (Val a : alts) {
      Kind k = kind(a, r, owned); // a join's list is flat: no join inside it
      most = k == Kind.DIRECT || most == Kind.DIRECT ? Kind.DIRECT : k == Kind.OWNED ? k : most;
    }
    return most;
  }

  /**
   * A method reference or lambda whose receiver capture is the object and whose other captures carry
   * nothing of it ({@code H_INVOKEVIRTUAL}, {@code H_INVOKESPECIAL} for a lambda body,
   * {@code H_INVOKEINTERFACE}): running it runs one method of the object.
   */
  private boolean boundToObject(Val.Lambda l, Role r, Set<String> owned) {
    if (!(l.implTag() == Opcodes.H_INVOKEVIRTUAL || l.implTag() == Opcodes.H_INVOKESPECIAL
        || l.implTag() == Opcodes.H_INVOKEINTERFACE) || l.captures().isEmpty()
        || kind(l.captures().get(0), r, owned) != Kind.DIRECT) {
      return false;
    }
    for (int i = 1; i < l.captures().size(); i++) {
      if (carries(l.captures().get(i), r, owned)) {
        return false;
      }
    }
    return true;
  }

  /** The current check's work list, where a bound method reference's target is queued. */
  private ArrayDeque<List<Object>> queue;

  private boolean carries(Val v, Role r, Set<String> owned) {
    return kind(v, r, owned) != Kind.NONE || captures(v, r, owned);
  }

  /**
   * Whether a lambda in {@code v} captures a carrying value. A method reference bound to the object
   * itself ({@code keys::size} handed to a logger) lets whoever holds it run that one method on
   * the object, and nothing else: the method is queued as run on it, and the object stays in.
   */
  private boolean captures(Val v, Role r, Set<String> owned) {
    if (v instanceof Val.Lambda l) {
      if (boundToObject(l, r, owned)) {
        MethodRef target = l.implTag() == Opcodes.H_INVOKESPECIAL ? l.impl()
            : siteClass() == null ? null : program.resolve(siteClass(), l.impl().name(), l.impl().desc());
        if (target != null && program.facts(target) != null) {
          queue.add(List.of(target, Role.SELF));
          return false;
        }
      }
      return l.captures().stream().anyMatch(c -> carries(c, r, owned));
    }
    if (v instanceof Val.Call c) {
      return c.args().stream().anyMatch(a -> a instanceof Val.Lambda && captures(a, r, owned));
    }
    return false;
  }
}
