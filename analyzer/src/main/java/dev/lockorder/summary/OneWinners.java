package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import dev.lockorder.ir.Winning;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One-winner gates: a synchronized method that tests a boolean field of its object false and sets
 * it true before it returns true ({@code if (closed || closing) return false; closing = true;
 * return true;}, lucene's {@code IndexWriter.shouldClose}) lets one thread past a true result
 * until the field is stored false again. A gate counts only when no thread can win again while
 * the winner runs: nothing but a constructor of the object stores the field anything but true, or
 * every win also found false a field that nothing but a constructor ever stores anything but true
 * and every method storing the gate's field otherwise sets that one true ({@code closed = true;
 * closing = false;}: once closed, nobody wins). The method must be private or final, or its class
 * final, so that a call of it runs it. Where a caller's test found the result true, every
 * acquisition it makes is past the win ({@link Acq#gates}), on every path to it: a must-dataflow
 * over the event graph, met at joins.
 */
final class OneWinners {
  private static final int FINAL = 0x0010;
  /** Gate method to its key: the field, named by its declaring class; made ahead ({@link FactIndexes}). */
  private Map<MethodRef, String> gates;
  private final Program program;

  private final AtomicGates atomics;

  OneWinners(Program program) {
    this.program = program;
    this.atomics = new AtomicGates(program);
  }

  private Map<MethodRef, String> gates() {
    return gates == null ? gates = program.indexes().oneWinnerGates() : gates;
  }

  /** The gates, with field declarers from {@code declarer}. */
  static Map<MethodRef, String> gates(Program program, java.util.function.BinaryOperator<String> declarer) {
    Map<MethodRef, String> gates = new HashMap<>();
    Map<String, Set<MethodRef>> resets = new HashMap<>();
    Map<MethodRef, Set<String>> setsTrue = new HashMap<>();
    for (MethodFacts mf : program.methods()) {
      Winning w = mf.winning();
      w.setsOther().forEach(f -> resets.computeIfAbsent(field(declarer, f), k -> new HashSet<>()).add(mf.ref()));
      // Set true on every path to each reset, not just somewhere: if (done) closed = true; opens the gate.
      w.trueAtEveryReset().forEach(f -> setsTrue.computeIfAbsent(mf.ref(), k -> new HashSet<>()).add(field(declarer, f)));
    }
    for (MethodFacts mf : program.methods()) {
      Winning w = mf.winning();
      if (w.wins() == null || !runsItself(program, mf)) {
        continue;
      }
      String f = field(declarer, w.wins());
      if (!ownField(program, f)) {
        continue; // code outside the inputs may store it: its resets are not seen
      }
      Set<MethodRef> reopen = resets.getOrDefault(f, Set.of());
      boolean once = reopen.isEmpty();
      for (String g : new TreeSet<>(w.falseAtWin())) {
        String closed = field(declarer, g);
        once |= ownField(program, closed) && !resets.containsKey(closed)
            && reopen.stream().allMatch(m -> setsTrue.getOrDefault(m, Set.of()).contains(closed));
      }
      if (once) {
        gates.put(mf.ref(), "(one winner)" + f);
      }
    }
    return gates;
  }

  private static String field(java.util.function.BinaryOperator<String> declarer, String ownerDotName) {
    int dot = ownerDotName.lastIndexOf('.');
    String name = ownerDotName.substring(dot + 1);
    return declarer.apply(ownerDotName.substring(0, dot), name) + "." + name;
  }

  /**
   * Whether every store into the field is in the inputs: declared by an input class, neither public
   * nor protected (a library superclass's field, or one code outside may reach, has resets unseen).
   */
  static boolean ownField(Program program, String declarerDotName) {
    int dot = declarerDotName.lastIndexOf('.');
    ClassInfo c = program.classInfo(declarerDotName.substring(0, dot));
    ClassInfo.FieldInfo fi = c == null || c.library() ? null : c.fields().get(declarerDotName.substring(dot + 1));
    return fi != null && (fi.access() & (PUBLIC | PROTECTED)) == 0;
  }

  private static final int PUBLIC = 0x0001;
  private static final int PROTECTED = 0x0004;

  /** Whether a call naming the method runs this very code: no override can exist. */
  private static boolean runsItself(Program program, MethodFacts mf) {
    if ((mf.access() & (ClassInfo.ACC_PRIVATE | FINAL)) != 0) {
      return true;
    }
    ClassInfo c = program.classInfo(mf.ref().owner());
    return c != null && (c.access() & FINAL) != 0;
  }

  /** The gate a test of this value wins where it is true, or null. */
  private String gateOf(Val v) {
    Map<MethodRef, String> gates = gates();
    if (!(v instanceof Val.Call c) || gates.isEmpty()) {
      return null;
    }
    MethodRef m = c.method();
    String g = gates.get(m);
    if (g == null) {
      MethodRef r = program.resolve(m.owner(), m.name(), m.desc());
      g = r == null ? null : gates.get(r);
    }
    return g;
  }

  /** The gate a test of this value wins, and on which side: a gate method's true, or an atomic's ({@link AtomicGates}). */
  private AtomicGates.Win winOf(Val v) {
    String g = gateOf(v);
    return g != null ? new AtomicGates.Win(g, true) : atomics.of(v);
  }

  /** Per node of the method, the gates every path to it has won; null when it tests none. */
  List<Set<String>> at(MethodFacts mf) {
    List<Node> nodes = mf.nodes();
    if (nodes.stream().noneMatch(n -> n.op() instanceof Op.Test t && winOf(t.value()) != null)) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Set<String>[] in = new Set[nodes.size()];
    in[0] = Set.of();
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.add(0);
    while (!work.isEmpty()) {
      int i = work.poll();
      Node node = nodes.get(i);
      Set<String> won = in[i];
      AtomicGates.Win w = node.op() instanceof Op.Test t ? winOf(t.value()) : null;
      Set<String> past = won;
      if (w != null && !won.contains(w.gate())) {
        past = new TreeSet<>(won);
        past.add(w.gate());
      }
      for (int s : node.succs()) {
        flow(in, s, w != null && w.onTrue() ? past : won, work);
      }
      for (int s : node.alt()) {
        flow(in, s, w != null && !w.onTrue() ? past : won, work);
      }
      for (int s : node.exc()) {
        flow(in, s, won, work);
      }
    }
    List<Set<String>> out = new java.util.ArrayList<>(nodes.size());
    for (Set<String> s : in) {
      out.add(s == null ? Set.of() : Set.copyOf(s));
    }
    return out;
  }

  private static void flow(Set<String>[] in, int s, Set<String> won, ArrayDeque<Integer> work) {
    Set<String> old = in[s];
    if (old == null) {
      in[s] = won;
      work.add(s);
    } else if (!won.containsAll(old)) {
      Set<String> meet = new TreeSet<>(old);
      meet.retainAll(won);
      in[s] = meet;
      work.add(s);
    }
  }
}
