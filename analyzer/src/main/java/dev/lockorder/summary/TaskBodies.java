package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;

/**
 * What code a task value runs: a lambda's target, a {@code Runnable}'s {@code run}, what a JDK
 * wrapper was constructed with, or what a field holds.
 */
final class TaskBodies {
  private final Program program;
  private final Resolver resolver;

  /** A method that runs as a task, with its parameters in the submitter's terms. */
  record Body(MethodRef method, List<Val> args) {}

  /** A method that stored a task into a field, with its parameters in the submitter's terms. */
  private record Store(MethodRef method, List<Val> args) {}

  TaskBodies(Program program, Resolver resolver) {
    this.program = program;
    this.resolver = resolver;
  }

  List<Body> of(Val task) {
    return bodies(task, 0, null);
  }

  /**
   * @param store where the value was stored into a field, with that method's parameters in the
   *     submitter's terms; null when not known
   */
  private List<Body> bodies(Val task, int depth, Store store) {
    List<Body> out = new ArrayList<>();
    if (depth > 3) {
      return out;
    }
    task = resolver.normalize(task);
    if (task instanceof Val.Lambda l) {
      if (program.facts(l.impl()) != null) {
        MethodFacts f = program.facts(l.impl());
        List<Val> args = new ArrayList<>(l.captures());
        for (int i = args.size(); i < f.paramTypes().size(); i++) {
          args.add(new Val.Unknown(f.paramTypes().get(i)));
        }
        out.add(new Body(l.impl(), args));
      }
    } else if (task instanceof Val.New nw) {
      out.addAll(taskMethods(nw.type(), task));
      if (out.isEmpty()) {
        out.addAll(wrapped(nw, depth, store));
      }
    } else if (task instanceof Val.Field f) {
      String decl = program.fieldDeclarer(f.owner(), f.name());
      for (var st : program.storesOf(decl, f.name())) {
        MethodFacts sm = program.facts(st.method());
        List<Val> args = new ArrayList<>();
        boolean thisStore = sm != null && !sm.isStatic() && new Val.Param(0, st.method().owner()).equals(st.base());
        if (sm != null) {
          for (int i = 0; i < sm.paramTypes().size(); i++) {
            args.add(i == 0 && thisStore ? f.base() : new Val.Unknown(sm.paramTypes().get(i)));
          }
        }
        out.addAll(bodies(Subst.apply(st.value(), args), depth + 1, new Store(st.method(), args)));
      }
    } else if (task instanceof Val.Static s) {
      String decl = program.fieldDeclarer(s.owner(), s.name());
      for (var st : program.storesOf(decl, s.name())) {
        out.addAll(bodies(Subst.forget(st.value()), depth + 1, null));
      }
    }
    return out;
  }

  /** A JDK wrapper (new Thread(r), new FutureTask<>(c)): the task is what its constructor got. */
  private List<Body> wrapped(Val.New nw, int depth, Store store) {
    List<Body> out = new ArrayList<>();
    for (Op.Invoke ctor : program.sites().ctorCalls(nw.site())) {
      for (Val a : ctor.args().subList(1, ctor.args().size())) {
        if (a instanceof Val.Lambda || a instanceof Val.New || a instanceof Val.Field) {
          out.addAll(bodies(a, depth + 1, null));
        } else if (a instanceof Val.Param p) {
          // new Thread(this, name): the creating object is itself the Runnable. Which object
          // that is, the submitter knows when the thread was made where it was stored.
          boolean atStore = store != null && nw.madeIn(store.method());
          out.addAll(taskMethods(p.type(), atStore ? Subst.apply(a, store.args()) : Subst.forget(a)));
        }
      }
    }
    return out;
  }

  /** The task methods ({@code run}, {@code call}, ...) an application class implements. */
  private List<Body> taskMethods(String type, Val receiver) {
    List<Body> out = new ArrayList<>();
    for (String sam : List.of("run()V", "call()Ljava/lang/Object;", "get()Ljava/lang/Object;", "compute()V",
        "compute()Ljava/lang/Object;")) {
      int p = sam.indexOf('(');
      MethodRef r = program.resolve(type, sam.substring(0, p), sam.substring(p));
      if (r != null && program.facts(r) != null) {
        out.add(new Body(r, List.of(receiver)));
      }
    }
    return out;
  }
}
