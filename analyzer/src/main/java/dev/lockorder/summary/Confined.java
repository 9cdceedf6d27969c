package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import dev.lockorder.summary.CarriedKinds.Kind;
import dev.lockorder.summary.CarriedKinds.Role;
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
 * stored where the field sets of {@link CarriedKinds} say, logged (the logger runs their {@code
 * toString}), or added to a JDK collection made in the method ({@code LIST}, {@link LocalLists}:
 * jraft's node gathers its private timers in a fresh list for a private helper to destroy), which
 * may then only be read, iterated, returned from a private method or handed to methods of the
 * inputs no user can override, each checked with it, and whose elements carry the object again;
 * anything else (an argument, a return, a capture, a static, a public or protected field, a callee
 * without code) lets the object out. Unsound for
 * array stores and throws the facts do not show (an allocation used nowhere else they show counts
 * as let out), for package-private fields that code of the same package outside the inputs reads,
 * for reflection, and for paths cut at the depth limit.
 */
final class Confined {
  private static final int MAX_METHODS = 3000;
  private static final int MAX_ROUNDS = 6;
  private static final Set<String> OBJECT_KEEPS = Set.of("<init>", "getClass", "hashCode", "equals", "notify",
      "notifyAll", "wait");

  private final Program program;
  private final FieldMentions mentions;
  private final Map<String, Set<MethodRef>> selfMethods = new HashMap<>(); // null value: not confined

  Confined(Program program, FieldMentions mentions) {
    this.program = program;
    this.mentions = mentions;
    this.calls = new KeepingCalls(program);
    this.localLists = new LocalLists(program);
    this.carried = new CarriedKinds(program);
  }

  private final CarriedKinds carried;

  private final LocalLists localLists;

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

  private Set<MethodRef> check(String s) {
    MethodRef alloc = program.sites().madeIn(s);
    if (alloc == null) {
      return null;
    }
    carried.start(s);
    readByJdk = false;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int sizes = carried.learnt();
      Set<List<Object>> done = new HashSet<>();
      ArrayDeque<List<Object>> work = new ArrayDeque<>();
      work.add(List.of(alloc, Role.OTHER));
      for (String f : carried.objectFields) {
        mentions.of(f).forEach(m -> work.add(List.of(m.ref(), Role.OTHER)));
      }
      for (MethodRef f : carried.factories) {
        calls.callersInClass(f).forEach(m -> work.add(List.of(m, Role.OTHER)));
      }
      for (MethodRef f : carried.listFactories) {
        List<MethodRef> callers = localLists.callersInNest(f);
        if (callers == null) {
          return null; // a handle to it runs it from anywhere
        }
        callers.forEach(m -> work.add(List.of(m, Role.OTHER)));
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
      if (sizes == carried.learnt()) {
        Set<MethodRef> self = new HashSet<>();
        done.stream().filter(p -> p.get(1).equals(Role.SELF)).forEach(p -> self.add((MethodRef) p.get(0)));
        if (readByJdk) {
          String cls = carried.siteClass();
          self.addAll(cls == null ? Set.of() : calls.methodsOf(cls)); // read during the call only
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
    carried.enter(mf);
    Set<String> owned = new HashSet<>(); // sites made here with the object as a constructor argument
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv && inv.method().name().equals("<init>") && inv.args().get(0) instanceof Val.New nw
          && !(nw.site() != null && nw.site().equals(carried.site)) && !KeepingCalls.readsArgument(inv.method())) {
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
    // A collection found to hold the object may make a join carry it, and an element of one be added to another.
    for (int size = -1; size != carried.lists.size(); ) {
      size = carried.lists.size();
      LocalLists.holding(mf, v -> kind(v, r, owned) == Kind.DIRECT, carried.lists);
      for (Val v : mf.merged()) {
        Kind k = kind(v, r, owned);
        if (k != Kind.NONE && !KeepingCalls.kept(v, mf)) {
          return false; // joined with other values: lost track of it
        }
        carried.lostJoins = carried.most(carried.lostJoins, k);
      }
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Return ret && ret.value() != null && carries(ret.value(), r, owned)) {
        if (r == Role.OTHER && kind(ret.value(), r, owned) == Kind.DIRECT && KeepingCalls.factory(mf)) {
          carried.factories.add(m); // its callers are checked with what it returns
          continue;
        } else if (kind(ret.value(), r, owned) == Kind.LIST && KeepingCalls.factory(mf)) {
          carried.listFactories.add(m); // so are the callers of one that returns a collection holding it
          continue;
        }
        return false;
      } else if (n.op() instanceof Op.Invoke inv && !call(inv, r, owned, work)) {
          return false;
      }
    }
    if (!KeepingCalls.seenUsed(mf, owned, carried.site)) {
      return false;
    }
    for (FieldStore st : mf.stores()) {
      if (!store(st, r, owned)) {
        return false;
      }
    }
    return !carried.mixed;
  }

  private boolean call(Op.Invoke inv, Role r, Set<String> owned, ArrayDeque<List<Object>> work) {
    if (KeepingCalls.nullCheck(inv.method())) {
      return true; // hands back its argument, followed as that argument (kind)
    }
    if (KeepingCalls.readsArgument(inv.method()) && inv.args().size() == 2 && kind(inv.args().get(0), r, owned) == Kind.NONE
        && kind(inv.args().get(1), r, owned) == Kind.DIRECT) {
      readByJdk = true; // the JDK runs its methods during the call, and keeps nothing of it
      return true;
    }
    if (KeepingCalls.logs(inv.method()) && logged(inv, r, owned, work)) {
      return true;
    }
    boolean instance = !inv.kind().equals("static");
    if (instance && kind(inv.args().get(0), r, owned) == Kind.LIST) {
      return listCall(inv, r, owned);
    }
    boolean fresh = instance && inv.method().name().equals("<init>") && inv.args().get(0) instanceof Val.New nw
        && owned.contains(nw.site());
    Kind recv = instance ? kind(inv.args().get(0), r, owned) : Kind.NONE;
    int direct = -1;
    int list = -1;
    for (int j = instance ? 1 : 0; j < inv.args().size(); j++) {
      Val a = inv.args().get(j);
      Kind k = kind(a, r, owned);
      if (k == Kind.LIST && list < 0) {
        list = j;
        continue;
      }
      if (k == Kind.LIST || k == Kind.OWNED
          || k == Kind.DIRECT && (direct >= 0 || !(fresh || recv == Kind.OWNED && KeepingCalls.isInit(inv)))) {
        return false; // handed to a callee as an argument
      }
      if (k == Kind.DIRECT) {
        direct = j;
      }
      if (captures(a, r, owned)) {
        return false;
      }
    }
    if (list >= 0) {
      return handsList(inv, list, recv == Kind.NONE && !fresh && direct < 0, work);
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

  /**
   * A log call with the object among its arguments: the logger turns it into a string, so its
   * {@code toString} (and the {@code hashCode} that {@code Object}'s calls) run on it, and nothing else.
   */
  private boolean logged(Op.Invoke inv, Role r, Set<String> owned, ArrayDeque<List<Object>> work) {
    boolean direct = false;
    for (Val a : inv.args()) {
      Kind k = kind(a, r, owned);
      if (k != Kind.NONE && k != Kind.DIRECT || captures(a, r, owned)) {
        return false;
      }
      direct |= k == Kind.DIRECT;
    }
    if (!direct) {
      return true;
    }
    List<MethodRef> runs = calls.stringMethods(carried.siteClass());
    if (runs == null || inv.kind().equals("static") || kind(inv.args().get(0), r, owned) != Kind.NONE) {
      return false; // code outside the inputs runs on it, or it is the logger
    }
    runs.forEach(t -> work.add(List.of(t, Role.SELF)));
    return true;
  }

  /** A call on a collection holding the object: one that adds it, reads it out, or neither. */
  private boolean listCall(Op.Invoke inv, Role r, Set<String> owned) {
    LocalLists.Use use = LocalLists.use(inv.method());
    if (use == null) {
      return false; // copied, streamed, searched with an element's equals: not followed
    }
    // Only one made here, or the one a caller handed over, is surely the list: a join or a
    // factory's result may also be another, which the object would be put in.
    Val recv = inv.args().get(0);
    boolean exact = recv instanceof Val.New || recv instanceof Val.Param;
    for (Val a : inv.args().subList(1, inv.args().size())) {
      Kind k = kind(a, r, owned);
      if (k != Kind.NONE && !(use == LocalLists.Use.ADD && k == Kind.DIRECT && exact) || captures(a, r, owned)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A collection holding the object handed to methods of the inputs, alone: each is checked with
   * that parameter as the collection, when no override of the library's users can take the call.
   */
  private boolean handsList(Op.Invoke inv, int param, boolean alone, ArrayDeque<List<Object>> work) {
    List<MethodRef> targets = program.targets(inv);
    if (!alone || targets.isEmpty() || !LocalLists.closed(inv, targets, program)) {
      return false;
    }
    targets.forEach(t -> work.add(List.of(t, new Role('L', param))));
    return true;
  }

  /** Whether the JDK read the object in the current check: any of its methods may have run. */
  private boolean readByJdk;

  /** The method a call on the object itself runs: its class is the site's, so dispatch is exact. */
  private List<MethodRef> ownTarget(Op.Invoke inv) {
    String cls = carried.siteClass();
    MethodRef t = cls == null ? null : program.resolve(cls, inv.method().name(), inv.method().desc());
    return t != null && program.facts(t) != null ? List.of(t) : program.targets(inv);
  }

  private Kind kind(Val v, Role r, Set<String> owned) {
    return carried.kind(v, r, owned);
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
      carried.backFields.add(key); // the owned object's back-pointer
    } else if (v == Kind.OWNED && b == Kind.DIRECT) {
      carried.ownedFields.add(key); // the object keeps what it made with itself
    } else if (v == Kind.DIRECT && !calls.usersRead(key)) {
      carried.objectFields.add(key); // every read of the field, anywhere, is then checked
    } else {
      return false;
    }
    return true;
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
        String cls = carried.siteClass();
        MethodRef target = l.implTag() == Opcodes.H_INVOKESPECIAL ? l.impl()
            : cls == null ? null : program.resolve(cls, l.impl().name(), l.impl().desc());
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
