package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The JDK collections {@link Confined} follows an object through: one made with {@code new} in the
 * method that puts the object in it (jraft's node gathers its private timers into a fresh list and
 * hands it to a private helper that destroys each). Only calls that neither run code of the
 * elements nor let the collection or its iterator go are known here: adding, reading an element
 * out (which carries the object again), sizes, iterators. Only lists and deques: a hash set runs
 * {@code equals} of each element added later with the ones it holds as the argument, and a
 * tree set its comparator, code that may be the users'.
 */
final class LocalLists {
  private final Program program;

  LocalLists(Program program) {
    this.program = program;
  }

  /** What a call on such a collection (or its iterator) does with what it holds. */
  enum Use { ADD, READ, ELEMENT, ITERATOR }

  private static final Set<String> LISTS = Set.of("java/util/ArrayList", "java/util/LinkedList",
      "java/util/ArrayDeque");

  private static final Map<String, Use> USES = uses();

  private static Map<String, Use> uses() {
    Map<String, Use> m = new java.util.HashMap<>();
    for (String s : List.of("add(Ljava/lang/Object;)Z", "add(ILjava/lang/Object;)V", "addFirst(Ljava/lang/Object;)V",
        "addLast(Ljava/lang/Object;)V", "push(Ljava/lang/Object;)V", "offer(Ljava/lang/Object;)Z",
        "offerFirst(Ljava/lang/Object;)Z", "offerLast(Ljava/lang/Object;)Z")) {
      m.put(s, Use.ADD);
    }
    for (String s : List.of("<init>()V", "<init>(I)V", "<init>(Ljava/util/Collection;)V", "size()I", "isEmpty()Z",
        "clear()V", "hasNext()Z", "hasPrevious()Z", "remove()V")) {
      m.put(s, Use.READ);
    }
    for (String s : List.of("next", "previous", "getFirst", "getLast", "peek", "poll", "pop", "element", "remove",
        "removeFirst", "removeLast", "pollFirst", "pollLast", "peekFirst", "peekLast")) {
      m.put(s + "()Ljava/lang/Object;", Use.ELEMENT);
    }
    m.put("get(I)Ljava/lang/Object;", Use.ELEMENT);
    m.put("remove(I)Ljava/lang/Object;", Use.ELEMENT);
    m.put("iterator()Ljava/util/Iterator;", Use.ITERATOR);
    m.put("descendingIterator()Ljava/util/Iterator;", Use.ITERATOR);
    m.put("listIterator()Ljava/util/ListIterator;", Use.ITERATOR);
    m.put("listIterator(I)Ljava/util/ListIterator;", Use.ITERATOR);
    return Map.copyOf(m);
  }

  /**
   * What {@code m} does when its receiver is one of these collections or iterators; null for
   * anything else (a copy, a stream, an array of it, a search that runs the elements' {@code equals}).
   */
  static Use use(MethodRef m) {
    boolean jdk = m.owner().startsWith("java/util/") || m.owner().equals("java/lang/Iterable");
    return jdk ? USES.get(m.signature()) : null;
  }

  /**
   * The lists made in {@code mf} that a value {@code carries} says may be the object is added to.
   * Grows {@code into} until no more are found (an element read out of one and added to another).
   */
  static void holding(MethodFacts mf, Predicate<Val> carries, Set<String> into) {
    for (boolean grew = true; grew; ) {
      grew = false;
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv && use(inv.method()) == Use.ADD && inv.args().get(0) instanceof Val.New nw
            && nw.site() != null && LISTS.contains(nw.type())
            && !into.contains(nw.site()) && inv.args().subList(1, inv.args().size()).stream().anyMatch(carries)) {
          grew |= into.add(nw.site());
        }
      }
    }
  }

  /**
   * Whether the library's users cannot override what {@code inv} runs: a static or exact call, or
   * every target private, final, of a final class, or package-private (unseen code of the package
   * may still, as {@link Confined} says).
   */
  static boolean closed(Op.Invoke inv, List<MethodRef> targets, Program program) {
    if (inv.kind().equals("static") || inv.kind().equals("special")) {
      return true;
    }
    for (MethodRef t : targets) {
      ClassInfo ci = program.classInfo(t.owner());
      ClassInfo.MethodInfo mi = ci == null ? null : ci.methods().get(t.signature());
      if (mi == null || (mi.access() & (ClassInfo.ACC_PRIVATE | FINAL)) == 0 && (ci.access() & FINAL) == 0
          && (mi.access() & (PUBLIC | PROTECTED)) != 0) {
        return false;
      }
    }
    return true;
  }

  private static final int PUBLIC = 0x0001;
  private static final int PROTECTED = 0x0004;
  private static final int FINAL = 0x0010;

  /**
   * The methods that call private {@code f}: those of its class and of the classes nested with it
   * (which call it directly since Java 11); null when any of them takes a handle to it, which runs
   * it from wherever the handle goes.
   */
  List<MethodRef> callersInNest(MethodRef f) {
    String top = f.owner().contains("$") ? f.owner().substring(0, f.owner().indexOf('$')) : f.owner();
    List<MethodRef> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String cls : program.classes().keySet().stream().filter(c -> c.equals(top) || c.startsWith(top + "$"))
        .sorted().toList()) {
      var ci = program.classInfo(cls);
      for (String sig : ci.methods().keySet()) {
        int paren = sig.indexOf('(');
        MethodFacts mf = program.facts(MethodRef.of(cls, sig.substring(0, paren), sig.substring(paren)));
        if (mf == null) {
          continue;
        }
        if (mf.handles().contains(f)) {
          return null;
        }
        if (mf.nodes().stream().anyMatch(n -> n.op() instanceof Op.Invoke inv && inv.method().equals(f))
            && seen.add(mf.ref().toString())) {
          out.add(mf.ref());
        }
      }
    }
    return out;
  }
}
