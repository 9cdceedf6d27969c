package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  }

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
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int sizes = objectFields.size() + ownedFields.size() + backFields.size();
      Set<List<Object>> done = new HashSet<>();
      ArrayDeque<List<Object>> work = new ArrayDeque<>();
      work.add(List.of(alloc, Role.OTHER));
      for (String f : objectFields) {
        mentions.of(f).forEach(m -> work.add(List.of(m.ref(), Role.OTHER)));
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
      if (sizes == objectFields.size() + ownedFields.size() + backFields.size()) {
        Set<MethodRef> self = new HashSet<>();
        done.stream().filter(p -> p.get(1).equals(Role.SELF)).forEach(p -> self.add((MethodRef) p.get(0)));
        return self;
      }
    }
    return null;
  }

  /** Whether {@code m}, run in role {@code r}, keeps the object in; queues the methods it runs on it. */
  private boolean keeps(MethodRef m, Role r, ArrayDeque<List<Object>> work) {
    MethodFacts mf = program.facts(m);
    if (mf == null) {
      return false; // code outside the inputs, or without code
    }
    Set<String> owned = new HashSet<>(); // sites made here with the object as a constructor argument
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv && inv.method().name().equals("<init>") && inv.args().get(0) instanceof Val.New nw
          && !(nw.site() != null && nw.site().equals(site))) {
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
    List<Val> joined = new ArrayList<>(mf.merged());
    mf.mergedAt().values().forEach(joined::addAll); // merged keeps some of each join only
    for (Val v : joined) {
      if (kind(v, r, owned) != Kind.NONE) {
        return false; // joined with other values: lost track of it
      }
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Return ret && ret.value() != null && carries(ret.value(), r, owned)) {
        return false;
      } else if (n.op() instanceof Op.Invoke inv && !call(inv, r, owned, work)) {
          return false;
      }
    }
    if (!seenUsed(mf, owned)) {
      return false;
    }
    for (FieldStore st : mf.stores()) {
      if (!store(st, r, owned)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the object, or one made here with it, is used somewhere the facts show besides its
   * constructor: one that is not went where they do not show (into an array, thrown).
   */
  private boolean seenUsed(MethodFacts mf, Set<String> owned) {
    Set<String> made = new HashSet<>(owned);
    Set<String> used = new HashSet<>();
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv) {
        for (int j = 0; j < inv.args().size(); j++) {
          if (inv.args().get(j) instanceof Val.New nw && nw.site() != null) {
            if (j == 0 && isInit(inv)) {
              made.add(nw.site());
            } else {
              used.add(nw.site());
            }
          }
        }
      } else if (n.op() instanceof Op.Return ret && ret.value() instanceof Val.New nw) {
        used.add(nw.site());
      } else if (n.op() instanceof Op.MonitorEnter me && me.lock() instanceof Val.New nw) {
        used.add(nw.site());
      }
    }
    for (FieldStore st : mf.stores()) {
      for (Val v : java.util.Arrays.asList(st.value(), st.base())) {
        if (v instanceof Val.New nw) {
          used.add(nw.site());
        }
      }
    }
    made.retainAll(owned.isEmpty() ? Set.of(site) : union(owned, site));
    return used.containsAll(made);
  }

  private static Set<String> union(Set<String> a, String b) {
    Set<String> out = new HashSet<>(a);
    out.add(b);
    return out;
  }

  private boolean call(Op.Invoke inv, Role r, Set<String> owned, ArrayDeque<List<Object>> work) {
    boolean instance = !inv.kind().equals("static");
    boolean fresh = instance && inv.method().name().equals("<init>") && inv.args().get(0) instanceof Val.New nw
        && owned.contains(nw.site());
    Kind recv = instance ? kind(inv.args().get(0), r, owned) : Kind.NONE;
    int direct = -1;
    for (int j = instance ? 1 : 0; j < inv.args().size(); j++) {
      Val a = inv.args().get(j);
      Kind k = kind(a, r, owned);
      if (k == Kind.OWNED || k == Kind.DIRECT && (direct >= 0 || !(fresh || recv == Kind.OWNED && isInit(inv)))) {
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
    List<MethodRef> targets = program.targets(inv);
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

  private static boolean isInit(Op.Invoke inv) {
    return inv.method().name().equals("<init>");
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
    } else if (v == Kind.DIRECT && !usersRead(key)) {
      objectFields.add(key); // every read of the field, anywhere, is then checked
    } else {
      return false;
    }
    return true;
  }

  /**
   * Whether the library's users may read field {@code key} (declarer.name) themselves: a public
   * one, or a protected one from a subclass; a field whose class is not read counts as one.
   */
  private boolean usersRead(String key) {
    int dot = key.lastIndexOf('.');
    var ci = program.classInfo(key.substring(0, dot));
    var fi = ci == null ? null : ci.fields().get(key.substring(dot + 1));
    return fi == null || (fi.access() & (0x0001 | 0x0004)) != 0;
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
    return Kind.NONE; // a call's result is checked at the callee's return
  }

  private boolean carries(Val v, Role r, Set<String> owned) {
    return kind(v, r, owned) != Kind.NONE || captures(v, r, owned);
  }

  /** Whether a lambda in {@code v} captures a carrying value. */
  private boolean captures(Val v, Role r, Set<String> owned) {
    if (v instanceof Val.Lambda l) {
      return l.captures().stream().anyMatch(c -> carries(c, r, owned));
    }
    if (v instanceof Val.Call c) {
      return c.args().stream().anyMatch(a -> a instanceof Val.Lambda && captures(a, r, owned));
    }
    return false;
  }
}
