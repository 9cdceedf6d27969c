package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;

/**
 * Timed waits that a loop repeats until something else happens: {@code while (running > 0)
 * wait(1000);}, or a helper doing so called from {@code while (...) doWait();}. The timeout ends one
 * wait and the loop starts the next, so the thread waits as long as an untimed wait would: not a
 * bounded stall. A wait counts as repeated when its node lies on a loop of its method, nothing
 * there reads a clock (a deadline would end the loop), and its result, if it has one, is not
 * tested (a {@code false} from {@code await(t, unit)} lets the code give up): {@code Object.wait},
 * {@code Thread.join} and {@code void} wait helpers qualify; {@code awaitNanos}, whose result is
 * the time left, and {@code Future.get}, which throws on timeout, never do. A loop around a call
 * that does more than wait (derby's log writer appending, whose append waits for a flush once
 * and gives up) is not read as repeating the wait.
 */
final class Retries {
  private MethodFacts current;
  private java.util.Map<Integer, Boolean> onLoop;
  private boolean clock;

  /** Whether the timed wait at {@code node} of {@code mf} is repeated without a bound. */
  boolean unbounded(MethodFacts mf, Node node) {
    return node.op() instanceof Op.Invoke inv && invisibleTimeout(mf, inv) && onClockFreeLoop(mf, node);
  }

  /**
   * Whether the call at {@code node} of {@code mf} to {@code callee} repeats a timed wait without a
   * bound: the callee is a wait helper (on its normal paths it calls nothing but one timed wait,
   * {@code void doWait() { wait(1000); }}) and the call is on a loop with no clock.
   */
  boolean unbounded(MethodFacts mf, Node node, MethodFacts callee) {
    return callee != null && waitHelper(callee) && node.op() instanceof Op.Invoke inv
        && inv.method().desc().endsWith(")V") && onClockFreeLoop(mf, node);
  }

  private static boolean waitHelper(MethodFacts callee) {
    List<Node> nodes = callee.nodes();
    BitSet seen = new BitSet(nodes.size());
    ArrayDeque<Integer> work = new ArrayDeque<>();
    work.push(0);
    int waits = 0;
    while (!work.isEmpty()) {
      int i = work.pop();
      if (i < 0 || i >= nodes.size() || seen.get(i)) {
        continue;
      }
      seen.set(i);
      Node n = nodes.get(i);
      if (n.op() instanceof Op.Invoke inv) {
        String name = inv.method().name();
        if (!Models.timed(inv.method()) || !(name.equals("wait") || name.startsWith("await") || name.equals("join"))) {
          return false;
        }
        waits++;
      }
      for (int s : n.succs()) {
        work.push(s);
      }
      for (int s : n.alt()) {
        work.push(s);
      }
    }
    return waits == 1;
  }

  private boolean onClockFreeLoop(MethodFacts mf, Node node) {
    if (mf != current) {
      current = mf;
      onLoop = null;
      clock = readsClock(mf.nodes());
    }
    if (clock) {
      return false;
    }
    if (onLoop == null) {
      onLoop = new java.util.HashMap<>();
    }
    int i = indexOf(mf.nodes(), node);
    return i >= 0 && onLoop.computeIfAbsent(i, k -> reaches(mf.nodes(), k));
  }

  private static int indexOf(List<Node> nodes, Node node) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i) == node) {
        return i;
      }
    }
    return -1;
  }

  private static boolean invisibleTimeout(MethodFacts mf, Op.Invoke inv) {
    String d = inv.method().desc();
    if (d.endsWith(")V")) {
      return true;
    }
    if (!d.endsWith(")Z") || inv.method().name().startsWith("try")) {
      return false;
    }
    Object result = inv.result();
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Test t && t.value().equals(result)) {
        return false;
      }
    }
    return true;
  }

  private static boolean readsClock(List<Node> nodes) {
    for (Node n : nodes) {
      if (n.op() instanceof Op.Invoke inv) {
        String o = inv.method().owner();
        String name = inv.method().name();
        if (o.equals("java/lang/System") && (name.equals("nanoTime") || name.equals("currentTimeMillis"))
            || o.startsWith("java/time/") && name.equals("now")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether node {@code from} can reach itself, on any kind of successor, without stepping an
   * iterator: a loop that takes the next element of a collection each round waits once per element
   * (activemq's broker stopping each duplex connection and waiting a second for it), a bound; a
   * retry loop inside it still reaches the wait without the step.
   */
  private static boolean reaches(List<Node> nodes, int from) {
    BitSet seen = new BitSet(nodes.size());
    ArrayDeque<Integer> work = new ArrayDeque<>();
    push(nodes.get(from), work);
    while (!work.isEmpty()) {
      int i = work.pop();
      if (i == from) {
        return true;
      }
      if (i < 0 || i >= nodes.size() || seen.get(i)) {
        continue;
      }
      seen.set(i);
      if (!steps(nodes.get(i))) {
        push(nodes.get(i), work);
      }
    }
    return false;
  }

  private static boolean steps(Node n) {
    return n.op() instanceof Op.Invoke inv && (inv.method().name().equals("next")
        && (inv.method().owner().equals("java/util/Iterator") || inv.method().owner().equals("java/util/ListIterator"))
        || inv.method().name().equals("nextElement") && inv.method().owner().equals("java/util/Enumeration"));
  }

  private static void push(Node n, ArrayDeque<Integer> work) {
    for (int s : n.succs()) {
      work.push(s);
    }
    for (int s : n.alt()) {
      work.push(s);
    }
    for (int s : n.exc()) {
      work.push(s);
    }
  }
}
