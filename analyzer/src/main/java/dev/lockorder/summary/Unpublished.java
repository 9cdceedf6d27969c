package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Locks of objects that no other thread can reach yet: an object the method made (or a factory it
 * called made and handed back), before anything stores it, passes it on, or calls a method on it
 * that lets {@code this} out (tomcat-jdbc's {@code createConnection} locks a new connection and
 * connects it before putting it in the busy queue). Another thread can neither hold such a lock
 * nor wait for it, so taking it orders nothing, and what is taken under it is ordered after the
 * locks held around it. A constructor's own {@code this} is such an object until the constructor, or
 * the one it chains to, lets it out (dubbo's {@code FrameworkModel} locks its own {@code instLock}
 * inside the global lock before adding itself to the global list); what the constructor's callers
 * see of its locks is {@link CallEffects}'s older rule.
 *
 * <p>Published: from the first node, in control-flow order, that stores the object (or a lock of
 * it), passes it to a call other than as the receiver, captures it in a lambda, returns it, or
 * calls a method on it that lets {@code this} out, on. A field store anywhere in the method
 * publishes it everywhere (stores are not placed in the flow). Array stores are not seen at all:
 * an object put in an array and locked afterwards is taken as unpublished (unsound).
 */
final class Unpublished {
  private static final int MAX_DEPTH = 3;
  private static final String LOCKS = "java/util/concurrent/locks/";

  private final Program program;
  private final Resolver resolver;
  private final Map<MethodRef, Boolean> leaks = new HashMap<>();
  private final Set<MethodRef> visiting = new HashSet<>();
  private MethodFacts current;
  private final Map<Val, BitSet> published = new HashMap<>();
  /** Marks an object not known to be made on the spot: published at every node. */
  private static final BitSet EVERYWHERE = new BitSet();

  Unpublished(Program program, Resolver resolver) {
    this.program = program;
    this.resolver = resolver;
  }

  /** Whether {@code ref} is a lock of an object that no other thread can reach at {@code node} of {@code mf}. */
  boolean at(MethodFacts mf, int node, LockRef ref) {
    Val obj = objectOf(ref, mf);
    if (obj == null) {
      return false;
    }
    if (mf != current) {
      current = mf;
      published.clear();
    }
    BitSet p = published.computeIfAbsent(obj, o -> {
      BitSet b = publishedIn(mf, o);
      return b == null ? EVERYWHERE : b;
    });
    return p != EVERYWHERE && !p.get(node);
  }

  /** The held locks less those no other thread can reach at {@code node}: nothing is ordered after them. */
  List<Held> without(MethodFacts mf, int node, List<Held> h) {
    List<Held> out = null;
    for (int i = 0; i < h.size(); i++) {
      boolean gone = at(mf, node, h.get(i).ref());
      if (gone && out == null) {
        out = new java.util.ArrayList<>(h.subList(0, i));
      } else if (!gone && out != null) {
        out.add(h.get(i));
      }
    }
    return out == null ? h : out;
  }

  /** The object a lock belongs to, when one made on the spot: the monitor's, or the owner of its own lock field. */
  private Val objectOf(LockRef ref, MethodFacts mf) {
    Val v = ref.val();
    if (ref.kind() == LockClass.Kind.LOCK || ref.kind() == LockClass.Kind.READ_WRITE_LOCK) {
      if (v instanceof Val.Call c && !c.args().isEmpty() && LockNamer.isView(c.method().name())) {
        v = c.args().get(0);
      }
      if (v instanceof Val.New) {
        return (Val.New) v; // the lock is the object (a class implementing Lock, lucene's writer)
      }
      if (!(v instanceof Val.Field f)
          || !Nesting.madeByItsOwner(program.fieldDeclarer(f.owner(), f.name()), f.name(), program)) {
        return null;
      }
      v = f.base();
    } else if (ref.kind() != LockClass.Kind.MONITOR) {
      return null;
    } else if (v instanceof Val.Field f && f.base() instanceof Val.Param
        && Nesting.madeByItsOwner(program.fieldDeclarer(f.owner(), f.name()), f.name(), program)) {
      v = f.base(); // the monitor of a lock object its owner made ({@code instLock = new Object()})
    }
    if (v instanceof Val.Param p && p.index() == 0 && mf.ref().name().equals("<init>")) {
      return v; // a constructor's own object, until the constructor (or the one it chains to) lets it out
    }
    return v instanceof Val.New n ? n : null;
  }

  /**
   * The nodes of {@code mf} where {@code obj} may have been published; null when it is not known to
   * be made on the spot at all (then it counts as published everywhere).
   */
  private BitSet publishedIn(MethodFacts mf, Val obj) {
    if (!(obj instanceof Val.New n)) {
      return escapes(mf, obj, false);
    }
    String made = n.site().substring(0, n.site().lastIndexOf('@'));
    if (!made.equals(mf.ref().toString())) {
      MethodFacts factory = factory(made);
      // Made by a factory this method called: it must hand it back without letting it out.
      if (factory == null || escapes(factory, n, true) == null) {
        return null;
      }
    }
    return escapes(mf, obj, false);
  }

  private MethodFacts factory(String key) {
    int paren = key.indexOf('(');
    int dot = paren < 0 ? -1 : key.lastIndexOf('.', paren);
    return dot < 0 ? null : program.facts(MethodRef.of(key.substring(0, dot), key.substring(dot + 1, paren),
        key.substring(paren)));
  }

  /**
   * The nodes at or after a node that lets {@code obj} out; with {@code returnOnly}, null as soon as
   * anything but a return does.
   */
  private BitSet escapes(MethodFacts mf, Val obj, boolean returnOnly) {
    List<Node> nodes = mf.nodes();
    BitSet out = new BitSet(nodes.size());
    for (FieldStore st : mf.stores()) {
      if (reaches(resolver.normalize(st.value()), obj)) {
        if (returnOnly) {
          return null;
        }
        out.set(0, nodes.size());
        return out;
      }
    }
    ArrayDeque<Integer> work = new ArrayDeque<>();
    for (int i = 0; i < nodes.size(); i++) {
      Op op = nodes.get(i).op();
      boolean lets = op instanceof Op.Return r && r.value() != null && reaches(resolver.normalize(r.value()), obj);
      if (lets && returnOnly) {
        continue;
      }
      if (!lets && op instanceof Op.Invoke inv) {
        lets = letsOut(inv, mf.ref(), obj);
      }
      if (lets) {
        if (returnOnly) {
          return null;
        }
        out.set(i);
        work.add(i);
      }
    }
    while (!work.isEmpty()) {
      Node n = nodes.get(work.poll());
      for (int[] succs : new int[][] {n.succs(), n.alt(), n.exc()}) {
        for (int s : succs) {
          if (!out.get(s)) {
            out.set(s);
            work.add(s);
          }
        }
      }
    }
    return out;
  }

  /** Whether a call lets {@code obj} out: as an argument, captured, or to a method that lets its {@code this} out. */
  private boolean letsOut(Op.Invoke inv, MethodRef in, Val obj) {
    boolean instance = !inv.kind().equals("static");
    for (int k = 0; k < inv.args().size(); k++) {
      Val a = resolver.normalize(inv.args().get(k));
      if (k == 0 && instance && a.equals(obj)) {
        if (lockApi(inv.method())) {
          continue; // taking or letting go of the object's own lock lets it out to no one
        }
        List<MethodRef> ts = inv.method().name().equals("<init>") ? List.of(inv.method()) : resolver.calls().targetsOf(inv, in);
        if (ts.isEmpty() || ts.stream().anyMatch(t -> leaksThis(t, 0))) {
          return true;
        }
      } else if ((k > 0 || !instance) && reaches(a, obj)) {
        return true;
      }
    }
    return false;
  }

  private boolean lockApi(MethodRef m) {
    Models.Effect e = program.effect(m);
    return e == Models.Effect.ACQUIRE || e == Models.Effect.TRY_ACQUIRE || e == Models.Effect.RELEASE;
  }

  /** Whether {@code v} is the object, a lock of it, or a lambda capturing either. */
  private static boolean reaches(Val v, Val obj) {
    if (v instanceof Val.Lambda l) {
      return l.captures().stream().anyMatch(c -> reaches(c, obj));
    }
    return v.equals(obj) || Val.root(v).equals(obj) && v.type().startsWith(LOCKS);
  }

  /** Whether method {@code m}, run on an object, may let that object out (unknown code may). */
  private boolean leaksThis(MethodRef m, int depth) {
    if (m.name().equals("<init>") && m.owner().startsWith("java/") && program.facts(m) == null) {
      return false; // a JDK constructor (Object's, ReentrantLock's) keeps the object it builds to itself
    }
    Boolean known = leaks.get(m);
    if (known != null) {
      return known;
    }
    MethodFacts mf = program.facts(m);
    if (mf == null || mf.isStatic() || depth > MAX_DEPTH || !visiting.add(m)) {
      return true;
    }
    boolean out = leaksThisNow(mf, depth);
    visiting.remove(m);
    if (depth == 0 || !out) {
      leaks.put(m, out);
    }
    return out;
  }

  private boolean leaksThisNow(MethodFacts mf, int depth) {
    for (FieldStore st : mf.stores()) {
      boolean own = st.base() instanceof Val.Param b && b.index() == 0;
      if (!own && reachesThis(st.value())) {
        return true;
      }
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Return r && r.value() != null && reachesThis(r.value())) {
        return true;
      }
      if (!(n.op() instanceof Op.Invoke inv)) {
        continue;
      }
      boolean instance = !inv.kind().equals("static");
      for (int k = 0; k < inv.args().size(); k++) {
        Val a = inv.args().get(k);
        if (k == 0 && instance && a instanceof Val.Param p && p.index() == 0) {
          List<MethodRef> ts = inv.kind().equals("special") ? List.of(inv.method()) : program.targets(inv, mf.ref());
          if (ts.isEmpty() || ts.stream().anyMatch(t -> leaksThis(t, depth + 1))) {
            return true;
          }
        } else if ((k > 0 || !instance) && reachesThis(a)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code v} is {@code this}, a lock of it, or a lambda capturing either. */
  private static boolean reachesThis(Val v) {
    if (v instanceof Val.Lambda l) {
      return l.captures().stream().anyMatch(Unpublished::reachesThis);
    }
    Val root = Val.root(v);
    boolean self = root instanceof Val.Param p && p.index() == 0;
    return self && (v == root || v.type().startsWith(LOCKS));
  }
}
