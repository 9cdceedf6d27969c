package dev.lockorder.summary;

import dev.lockorder.graph.Edge;
import dev.lockorder.graph.Frame;
import dev.lockorder.graph.GraphBuilder;
import dev.lockorder.graph.HeldLock;
import dev.lockorder.graph.LockClass;
import dev.lockorder.graph.Mode;
import dev.lockorder.graph.Witness;
import dev.lockorder.ir.Val;
import dev.lockorder.rules.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns acquisitions into lock-graph edges: from the innermost held lock to each lock taken under
 * it (lockdep's rule), or into the method's summary when a name still depends on the caller.
 * Re-taking a held lock class is re-entry, or one of the single-lock rules.
 */
final class Emitter {
  private final LockNamer namer;
  private final GraphBuilder graph;
  private final LockFacts facts;
  private final int maxWitnessDepth;
  private final dev.lockorder.Limits limits;

  /** While a recursive component is iterated to its fixpoint, nothing reaches the graph. */
  boolean dryRun;

  /** During the final pass of one method: what each node acquired, for the signallers. */
  private List<List<Acq>> acqsAtNode;
  private int currentNode;

  Emitter(LockNamer namer, GraphBuilder graph, LockFacts facts, int maxWitnessDepth, dev.lockorder.Limits limits) {
    this.namer = namer;
    this.graph = graph;
    this.facts = facts;
    this.maxWitnessDepth = maxWitnessDepth;
    this.limits = limits;
  }

  /** Starts recording what each of {@code n} nodes acquires. */
  void record(int n) {
    acqsAtNode = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      acqsAtNode.add(new ArrayList<>());
    }
  }

  /** The locks released so far on the way to the node being recorded (see {@link Acq#releasedBefore}). */
  private Set<LockRef> released = Set.of();

  /** The bound the node's type guards put on its acquisitions ({@link Receivers#guard}), or null. */
  private String guard;

  /** The flags the node's tests set ({@link Flags}). */
  private String flags = Flags.NONE;

  /** The one-winner gates every path to the node being recorded has won ({@link OneWinners}). */
  private Set<String> gates = Set.of();

  void at(int node, Set<LockRef> releasedSoFar, String guard, String flags, Set<String> gates) {
    currentNode = node;
    this.gates = gates;
    released = releasedSoFar.isEmpty() ? Set.of() : LockRef.nameable(releasedSoFar);
    this.guard = guard;
    this.flags = flags;
  }

  int currentNode() {
    return currentNode;
  }

  List<Acq> acquiredAt(int node) {
    return acqsAtNode.get(node);
  }

  private Unpublished unpublished;
  private dev.lockorder.ir.MethodFacts method;

  void unpublished(Unpublished u) {
    unpublished = u;
  }

  /** The method whose final pass is being recorded: what {@link Unpublished} reads. */
  void method(dev.lockorder.ir.MethodFacts mf) {
    method = mf;
  }

  private boolean unreachable(LockRef r) {
    return unpublished != null && method != null && unpublished.at(method, currentNode, r);
  }

  private List<Held> reachable(List<Held> h) {
    return unpublished == null || method == null ? h : unpublished.without(method, currentNode, h);
  }

  void stopRecording() {
    method = null;
    acqsAtNode = null;
    released = Set.of();
    guard = null;
    flags = Flags.NONE;
    gates = Set.of();
  }

  /**
   * An acquisition made under a type test of a parameter ({@code if (e instanceof IOException)})
   * holds only for callers that can pass such an object: the test is its bound, unless it has one.
   * One made under a flag test takes the flag; null when it needs the flag the other way.
   */
  private Acq guarded(Acq a) {
    Program program = namer.program();
    String f = Flags.meet(a.flags(), flags, Flags.settled(program, method, program.fieldsChangedLater()));
    if (f == null) {
      return null; // the node found a flag the acquisition needs the other way: it does not happen
    }
    a = f.equals(a.flags()) ? a : a.withFlags(f);
    a = a.withGates(gates);
    return guard == null || a.bound() != null && !Receivers.onField(a.bound()) ? a : a.withBound(guard);
  }

  private Delegates delegates;

  void delegates(Delegates d) {
    delegates = d;
  }
  /** An anchor both cut paths lie below ({@link Delegates#meet}); null without wrappers known. */
  private Val meetAnchors(Val a, Val b) {
    return delegates == null ? null : delegates.meet(a, b);
  }


  /** Whether a witness's first method has a receiver: what a parameter 0 in its terms is. */
  private java.util.function.Predicate<Frame> hasThis = f -> true;

  void hasThis(java.util.function.Predicate<Frame> p) {
    hasThis = p;
  }

  /** The witness of taking {@code ref}, named {@code c}; with the object, when {@code c} names a class's objects. */
  private Witness witness(Trace t, LockRef ref, LockClass c) {
    Witness w = witness(t);
    if (c.monitoredType() == null) {
      return w;
    }
    return w.withObject(ObjectText.of(ref.val(), hasThis.test(w.first())));
  }

  /** A witness: the trace cut to {@code maxWitnessDepth} frames (and the run told when it is cut). */
  Witness witness(Trace t) {
    int[] cut = {0};
    List<Frame> frames = t.toList(maxWitnessDepth, cut);
    if (cut[0] == 0) {
      return new Witness(frames);
    }
    limits.hit("maxWitnessDepth=" + maxWitnessDepth, "witness stacks cut in the middle", "--max-witness-depth",
        frames.get(0).className() + "." + frames.get(0).method() + frames.get(0).descriptor());
    return new Witness(frames, cut[0], maxWitnessDepth / 2);
  }

  void acquire(List<Held> h, Acq a, Summary out) {
    a = guarded(a);
    if (a == null || unreachable(a.ref())) {
      return; // a lock no other thread can hold or wait for orders nothing
    }
    h = reachable(h);
    if (acqsAtNode != null && currentNode < acqsAtNode.size()) {
      acqsAtNode.get(currentNode).add(a);
    }
    if (!released.isEmpty()) {
      if (a.releasedBefore().isEmpty()) {
        a = a.withReleasedBefore(released);
      } else if (!a.releasedBefore().containsAll(released)) {
        java.util.Set<LockRef> all = new java.util.HashSet<>(a.releasedBefore());
        all.addAll(released);
        a = a.withReleasedBefore(all);
      }
    }
    if (h.isEmpty() || onlyItsOwnClass(h, a)) {
      out.addOuter(a, this::meetAnchors);
    }
    if (!h.isEmpty()) {
      edge(h, a, out);
    }
  }

  /**
   * Whether every lock held is of the class being taken. Then the acquisition is also one the
   * method makes for its callers: in a retry loop ({@code while (...) { e.lock(); ... }}) the
   * may-hold state at the loop head carries the previous round's lock, which would otherwise hide
   * the first round's acquisition, made with nothing held (derby's ConcurrentCache.getEntry). A
   * caller holding L does take it under L.
   */
  private boolean onlyItsOwnClass(List<Held> h, Acq a) {
    // Cheap first: a lock class named by a field is taken again only through that field's name.
    String field = a.ref().val() instanceof Val.Field f ? f.name() : null;
    for (Held x : h) {
      if (x.ref().kind() != a.ref().kind()
          || field != null && !(x.ref().val() instanceof Val.Field g && g.name().equals(field))) {
        return false;
      }
    }
    LockClass to = namer.name(a.ref(), false);
    if (to == null) {
      return false;
    }
    for (Held x : h) {
      LockClass c = namer.name(x.ref(), false);
      if (c == null || !c.key().equals(to.key())) {
        return false;
      }
    }
    return true;
  }

  /** An edge from the innermost held lock to {@code a}, or a pending one if a name needs the caller. */
  void edge(List<Held> held, Acq a, Summary out) {
    a = guarded(a);
    if (a == null || unreachable(a.ref())) {
      return;
    }
    held = reachable(held);
    if (held.isEmpty()) {
      acquire(held, a, out);
      return;
    }
    if (!emitEdge(held, a, false)) {
      out.addPending(new Summary.PendingEdge(held, a), this::meetAnchors);
    }
  }

  /** Emits the edge if every name is known (or {@code root}); false when it must wait. */
  boolean emitEdge(List<Held> held, Acq a, boolean root) {
    List<LockClass> tos = namer.names(a.ref(), root);
    Held top = held.get(held.size() - 1);
    List<LockClass> froms = namer.names(top.ref(), root);
    if (tos == null || froms == null || !root && holders.waits(top, a)) {
      return false;
    }
    // A lock a getter with several answers returns is each of them, on an edge of its own.
    for (LockClass from : froms) {
      for (LockClass to : tos) {
        emitEdge(held, a, root, from, to);
      }
    }
    return true;
  }

  private void emitEdge(List<Held> held, Acq a, boolean root, LockClass from, LockClass to) {
    Held top = held.get(held.size() - 1);
    if (LockNamer.meaningless(to) || LockNamer.meaningless(from)) {
      return; // a monitor known only as an Object says nothing about which lock it is
    }
    if (!root && Val.root(a.ref().val()) instanceof Val.Param && reentered.test(a)) {
      return; // every caller passes a monitor or lock it holds: re-entry ({@link EntryHeld})
    }
    List<LockClass> entry = root ? List.of() : entryGates.get();
    if (!(Val.root(a.ref().val()) instanceof Val.Param p && p.index() > 0) && EntryGates.reenters(namer.program(), entry, to)) {
      return; // a monitor every caller holds, taken again (an argument's is EntryHeld's to judge)
    }
    if (a.ifSingleThread() && !facts.singleThread(a.ref().val())) {
      return;
    }
    // A monitor taken again through the same path at a narrower type (synchronized (conn) {
    // conn.send(); } where send() is a synchronized method of the class conn turns out to be).
    if (to.kind() == LockClass.Kind.MONITOR) {
      for (Held x : held) {
        if (x.ref().kind() == LockClass.Kind.MONITOR && Val.samePath(x.ref().val(), a.ref().val())) {
          return;
        }
      }
    }
    List<HeldLock> heldLocks = new ArrayList<>();
    for (Held x : held) {
      LockClass c = x == top ? from : namer.name(x.ref(), true);
      heldLocks.add(new HeldLock(c, x.mode(), witness(x.frames(), x.ref(), c)));
    }
    // Taking a lock class that is already held: re-entry, or a self-deadlock.
    for (int i = held.size() - 1; i >= 0; i--) {
      if (heldLocks.get(i).lock().key().equals(to.key())) {
        selfEdge(held.get(i), heldLocks, i, to, a);
        return;
      }
    }
    for (int i = 0; i < held.size(); i++) {
      Val heldObject = held.get(i).ref().val();
      if (OneHierarchy.maybeOneObject(namer.program(), heldLocks.get(i).lock(), heldObject, to, a.ref().val())) {
        return; // maybe one object at two types of one hierarchy: re-entry, as one class's is
      }
    }
    if (a.tryLock()) {
      return;
    }
    if (!dryRun) {
      int down = delegates == null ? Edge.ANYWHERE
          : delegates.descent(top.ref().kind(), top.ref().val(), a.ref().kind(), a.ref().val(), a.anchor());
      graph.add(new Edge(from, top.mode(), to, a.mode(), witness(a.frames(), a.ref(), to), heldLocks, a.timed())
          .withDescent(down)
          .withObjects(objects(top.ref(), top.frames(), from, top.owner(), ReenteringSites.Acquired.of(a)),
              objects(a.ref(), a.frames(), to, a.owner(), ReenteringSites.Acquired.of(a)))
          .withGates(java.util.stream.Stream.concat(entry.stream().map(LockClass::key), a.gates().stream())
              .sorted().distinct().toList()));
    }
  }

  /** The objects a lock may be ({@link EdgeObjects}); null before they are known. */
  private List<String> objects(LockRef ref, Trace frames, LockClass c, String owner, ReenteringSites.Acquired a) {
    return edgeObjects == null ? null : edgeObjects.of(ref, frames, c, owner, a);
  }


  private EdgeObjects edgeObjects;

  void objects(ObjectsOfLocks t) {
    edgeObjects = new EdgeObjects(namer.program(), t);
  }

  /** The owner bounds of acquisitions, once the objects of locks are known; null before. */
  OwnerBounds owners() {
    return edgeObjects == null ? null : edgeObjects.owners();
  }

  private java.util.function.Predicate<Acq> reentered = a -> false;

  /** Whether every caller passes the two arguments ({@code "i>j"}) in one fixed order ({@link ArgumentOrders}). */
  private java.util.function.Predicate<String> fixedOrder = args -> false;

  void fixedOrder(java.util.function.Predicate<String> p) {
    fixedOrder = p;
  }

  /** For the method being analyzed: whether the lock an acquisition takes is held by every caller. */
  void reentered(java.util.function.Predicate<Acq> p) {
    reentered = p;
  }

  /** For the method being analyzed: the monitors every caller holds ({@link EntryGates}). */
  private java.util.function.Supplier<List<LockClass>> entryGates = List::of;

  void entryGates(java.util.function.Supplier<List<LockClass>> g) {
    entryGates = g;
  }

  /** Edges through the object holding {@code this}, which wait for the caller ({@link HolderEdges}). */
  private final HolderEdges holders = new HolderEdges();

  void holders(java.util.function.Predicate<Val> p) {
    holders.isHolder(p);
  }

  /** Whether the method being analyzed runs only from call sites in the program. */
  void deferHolders(boolean on) {
    holders.defer(on);
  }

  private void selfEdge(Held x, List<HeldLock> heldLocks, int i, LockClass to, Acq a) {
    // A completion of the same class is the same executor (its name is its field); other locks
    // count as taken again only when they are the very same object.
    // One instruction taking an array's element again, on a loop's next pass, takes the next one (a lock-all).
    boolean sameObject = to.kind() == LockClass.Kind.COMPLETION || x.ref().val().equals(a.ref().val())
        && !(a.ref().val() instanceof Val.Elem && Trace.compare(x.frames(), a.frames()) == 0);
    if (a.tryLock() || dryRun || to.kind() == LockClass.Kind.BIN) {
      return;
    }
    if (!sameObject) {
      if (!to.kind().reentrant() || to.kind() == LockClass.Kind.WORK) {
        return;
      }
      String field = Nesting.field(x.ref().val(), a.ref().val(), namer.program());
      Frame in = a.frames().head; // the method whose values these are
      // A constructor's own object is not yet anyone else's: copying another object into it under
      // both monitors cannot meet the same call the other way round.
      String args = field != null || in.method().equals("<init>") ? null
          : Nesting.arguments(x.ref().val(), a.ref().val(), namer.program());
      if (field != null || args != null) {
        Edge nested = new Edge(heldLocks.get(i).lock(), x.mode(), to, a.mode(), witness(a.frames(), a.ref(), to),
            heldLocks, a.timed());
        if (field != null) {
          graph.addNested(field, nested);
        } else if (!fixedOrder.test(args)) {
          graph.addArgumentOrder(args + " of " + in.className() + "." + in.method() + in.descriptor(), nested);
        }
      }
      return;
    }
    Edge self = new Edge(heldLocks.get(i).lock(), x.mode(), to, a.mode(), witness(a.frames()),
        heldLocks, a.timed());
    if (x.mode() == Mode.SHARED && a.mode() == Mode.EXCLUSIVE && to.kind() == LockClass.Kind.READ_WRITE_LOCK) {
      graph.addSelf(Rules.READ_WRITE_UPGRADE.id(), self);
    } else if (!to.kind().reentrant()) {
      graph.addSelf(Rules.NON_REENTRANT_REACQUIRE.id(), self);
    } else if (to.kind() == LockClass.Kind.COMPLETION && a.ifSingleThread()) {
      graph.addSelf(Rules.SINGLE_THREAD_SELF_WAIT.id(), self);
    }
  }
}
