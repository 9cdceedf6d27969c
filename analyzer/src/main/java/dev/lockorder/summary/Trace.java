package dev.lockorder.summary;

import dev.lockorder.graph.Frame;
import dev.lockorder.ir.MethodRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A call stack under construction, outermost frame first, as an immutable list that shares its
 * tail: a caller prepends its own frame in constant time, where copying a list at every call site
 * of every callee's acquisition dominated the summary stage. Materialized (and cut to the witness
 * depth) only for the edges that are kept.
 */
final class Trace {
  static final Trace EMPTY = new Trace(null, null);

  final Frame head;
  final Trace tail;
  final int size;

  private Trace(Frame head, Trace tail) {
    this.head = head;
    this.tail = tail;
    this.size = tail == null ? 0 : tail.size + 1;
  }

  static Trace of(Frame f) {
    return new Trace(f, EMPTY);
  }

  Trace prepend(Frame f) {
    return new Trace(f, this);
  }

  /** The method of the outermost frame, in whose terms the trace's values are; null when empty. */
  MethodRef outerMethod() {
    return head == null ? null : MethodRef.of(head.className().replace('.', '/'), head.method(), head.descriptor());
  }

  /** This trace's frames, then {@code inner}'s: copies only this (usually short) one. */
  Trace append(Trace inner) {
    Frame[] mine = new Frame[size];
    int i = 0;
    for (Trace t = this; t.size > 0; t = t.tail) {
      mine[i++] = t.head;
    }
    Trace out = inner;
    for (int k = mine.length - 1; k >= 0; k--) {
      out = out.prepend(mine[k]); // no recursion: a trace can be as deep as a call chain
    }
    return out;
  }

  /** The frames, cut to {@code max} by dropping the middle; {@code cut[0]} is how many it cut. */
  List<Frame> toList(int max, int[] cut) {
    List<Frame> all = new ArrayList<>(size);
    for (Trace t = this; t.size > 0; t = t.tail) {
      all.add(t.head);
    }
    if (all.size() <= max) {
      return all;
    }
    cut[0] = all.size() - 2 * (max / 2);
    List<Frame> out = new ArrayList<>(all.subList(0, max / 2));
    out.addAll(all.subList(all.size() - max / 2, all.size()));
    return out;
  }

  /** Shorter first, then frame by frame: the order in which witnesses are preferred. */
  static int compare(Trace a, Trace b) {
    if (a.size != b.size) {
      return Integer.compare(a.size, b.size);
    }
    for (Trace x = a, y = b; x.size > 0 && x != y; x = x.tail, y = y.tail) {
      int c = Frame.compare(x.head, y.head);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
