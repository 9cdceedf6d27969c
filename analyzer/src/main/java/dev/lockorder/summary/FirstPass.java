package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Program}'s one pass over every method's nodes collects for stages that each walked
 * them all again ({@link Embeddings}, {@link HandleStores}, the summaries' lambda bodies, the classes touching each class). A walk
 * over a large closure's nodes costs its cache misses, not its tests: one pass, not four.
 */
final class FirstPass {
  /** A call that may write a field through a handle or updater ({@link HandleStores#mayWrite}). */
  record HandleCall(MethodFacts in, Op.Invoke inv) {}

  private final Map<String, Set<String>> allocated = new HashMap<>();
  private final List<HandleCall> handleCalls = new ArrayList<>();
  private final List<MethodRef> lambdaImpls = new ArrayList<>();
  private final Map<String, Set<String>> touchers = new HashMap<>();

  /** A call in {@code mf}; {@code made}, its object when it is a constructor call on a new one. */
  void invoke(MethodFacts mf, Op.Invoke inv, Val.New made) {
    if (made != null) {
      allocated.computeIfAbsent(made.type(), k -> new HashSet<>()).add(made.site());
    }
    if ((inv.method().name().equals("<clinit>") || inv.kind().equals("static"))
        && !inv.method().owner().equals(mf.ref().owner())) {
      // a first touch of another class (bytecode/ClassInits) or a call of its static method, which
      // initializes it too, named by the class touched
      touchers.computeIfAbsent(inv.method().owner(), k -> new java.util.TreeSet<>()).add(mf.ref().owner());
    }
    if (HandleStores.mayWrite(inv)) {
      handleCalls.add(new HandleCall(mf, inv));
    }
    for (Val a : inv.args()) {
      if (a instanceof Val.Lambda l) {
        lambdaImpls.add(l.impl());
      }
    }
  }

  /** Once per method, after its nodes. */
  void stores(MethodFacts mf) {
    for (FieldStore st : mf.stores()) {
      if (st.value() instanceof Val.Lambda l) {
        lambdaImpls.add(l.impl());
      }
    }
  }

  /** Per class, its allocation sites that a constructor call runs on. */
  Map<String, Set<String>> allocated() {
    return allocated;
  }

  /** Per class, the classes whose code first touches it ({@link InitializedHere}). */
  Map<String, Set<String>> touchers() {
    return touchers;
  }

  List<HandleCall> handleCalls() {
    return handleCalls;
  }

  /**
   * The code of every lambda handed to a call or stored into a field, in the order of the methods
   * and their nodes (then their stores), repeats kept: a set filled from it is filled as by a walk.
   */
  List<MethodRef> lambdaImpls() {
    return lambdaImpls;
  }
}
