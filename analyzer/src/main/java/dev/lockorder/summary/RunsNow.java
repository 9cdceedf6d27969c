package dev.lockorder.summary;

import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JDK methods that run the function they are given on the caller's thread, before they return:
 * {@code listeners.forEach(Listener::onEvent)} under a lock calls every listener under that lock,
 * as a loop would. Their code is not read, so the calls they make on their function arguments are
 * made here, as calls of each argument's single abstract method: a lambda or method reference runs
 * its code with what it captured, an object made on the spot (an anonymous class) runs its own
 * method. What the JDK passes to the function (a collection's element, a map's key) is an object of
 * the parameter's type from elsewhere.
 *
 * <p>A stream's intermediate operations ({@code map}, {@code filter}) run their function when the
 * terminal operation runs, which is almost always in the same statement: they are taken to run
 * at the call. Functions handed to other threads (executors, {@code CompletableFuture}'s {@code
 * then...}) are not here: {@link Tasks} models what is submitted. {@code
 * AccessController.doPrivileged} and {@code Subject.doAs} run their action here too, and hand back
 * what it returns.
 */
final class RunsNow {
  private static final Set<String> METHODS = Set.of("forEach", "forEachRemaining", "forEachOrdered", "removeIf",
      "replaceAll", "computeIfAbsent", "computeIfPresent", "compute", "merge", "ifPresent", "ifPresentOrElse",
      "orElseGet", "sort", "map", "flatMap", "filter", "peek", "anyMatch", "allMatch", "noneMatch", "reduce",
      "mapToInt", "mapToLong", "mapToDouble", "mapToObj", "takeWhile", "dropWhile", "updateAndGet", "getAndUpdate",
      "accumulateAndGet", "getAndAccumulate", "doPrivileged", "doPrivilegedWithCombiner", "doAs", "doAsPrivileged");

  /** The single abstract method of the functional interfaces these methods take, erased. */
  private static final Map<String, String[]> SAM = Map.ofEntries(
      Map.entry("java/util/function/Consumer", new String[] {"accept", "(Ljava/lang/Object;)V"}),
      Map.entry("java/util/function/BiConsumer", new String[] {"accept", "(Ljava/lang/Object;Ljava/lang/Object;)V"}),
      Map.entry("java/util/function/Function", new String[] {"apply", "(Ljava/lang/Object;)Ljava/lang/Object;"}),
      Map.entry("java/util/function/UnaryOperator", new String[] {"apply", "(Ljava/lang/Object;)Ljava/lang/Object;"}),
      Map.entry("java/util/function/BiFunction",
          new String[] {"apply", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"}),
      Map.entry("java/util/function/BinaryOperator",
          new String[] {"apply", "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;"}),
      Map.entry("java/util/function/Predicate", new String[] {"test", "(Ljava/lang/Object;)Z"}),
      Map.entry("java/util/function/BiPredicate", new String[] {"test", "(Ljava/lang/Object;Ljava/lang/Object;)Z"}),
      Map.entry("java/util/function/Supplier", new String[] {"get", "()Ljava/lang/Object;"}),
      Map.entry("java/util/Comparator", new String[] {"compare", "(Ljava/lang/Object;Ljava/lang/Object;)I"}),
      Map.entry("java/lang/Runnable", new String[] {"run", "()V"}),
      Map.entry("java/security/PrivilegedAction", new String[] {"run", "()Ljava/lang/Object;"}),
      Map.entry("java/security/PrivilegedExceptionAction", new String[] {"run", "()Ljava/lang/Object;"}));

  /** They run a privileged action on the caller's thread and hand back what its {@code run} returns. */
  private static final Set<String> PRIVILEGED = Set.of("java/security/AccessController", "javax/security/auth/Subject");

  private RunsNow() {}

  /**
   * The methods whose result a call hands back: a privileged action's {@code run}, for {@code
   * AccessController.doPrivileged(action)} or {@code Subject.doAs(subject, action)}; none for other
   * calls (a JDK static call is otherwise taken to hand back what it was given, which for these is
   * the action, not its result).
   */
  static List<MethodRef> handsBack(MethodRef m, List<Val> args, Program program) {
    return PRIVILEGED.contains(m.owner()) ? targets(new Op.Invoke(m, "static", args), program) : List.of();
  }

  /** Whether {@code owner} is a JDK class whose functional arguments run on the caller's thread. */
  private static boolean runsOnCaller(String owner) {
    if (owner.equals("java/lang/Iterable") || owner.startsWith("java/util/concurrent/atomic/")
        || PRIVILEGED.contains(owner)) {
      return true;
    }
    if (owner.startsWith("java/util/concurrent/")) {
      String simple = owner.substring("java/util/concurrent/".length());
      return simple.startsWith("Concurrent") || simple.startsWith("CopyOnWrite");
    }
    return owner.startsWith("java/util/") && !owner.startsWith("java/util/Timer");
  }

  /** The calls {@code inv} makes on its function arguments, or none. */
  static List<Op.Invoke> of(Op.Invoke inv, Program program) {
    MethodRef m = inv.method();
    if (!METHODS.contains(m.name()) || !runsOnCaller(m.owner())) {
      return List.of();
    }
    List<String> params = paramTypes(m.desc());
    int first = inv.args().size() - params.size(); // 1 past the receiver of an instance method
    List<Op.Invoke> out = new ArrayList<>(1);
    for (int i = 0; i < params.size() && first + i < inv.args().size(); i++) {
      String[] sam = SAM.get(params.get(i));
      if (sam == null) {
        continue;
      }
      Val f = inv.args().get(first + i);
      if (f instanceof Val.Lambda l) {
        MethodFacts impl = program.facts(l.impl());
        if (impl != null && impl.paramTypes().size() >= l.captures().size()) {
          out.add(lambdaCall(l, impl, sam[1]));
        }
      } else if (f instanceof Val.New n) {
        List<Val> args = new ArrayList<>();
        args.add(n);
        for (int j = 0; j < paramTypes(sam[1]).size(); j++) {
          args.add(new Val.Unknown("java/lang/Object"));
        }
        out.add(new Op.Invoke(MethodRef.of(params.get(i), sam[0], sam[1]), "interface", args));
      }
    }
    return out;
  }

  /**
   * A call of lambda {@code l}'s functional method, with body {@code impl}: the lambda as receiver,
   * then an unknown value of each parameter its body takes beyond what it captured.
   */
  static Op.Invoke lambdaCall(Val.Lambda l, MethodFacts impl, String samDesc) {
    int given = impl.paramTypes().size() - l.captures().size();
    List<Val> args = new ArrayList<>(given + 1);
    args.add(l);
    for (int j = 0; j < given; j++) {
      args.add(new Val.Unknown(impl.paramTypes().get(l.captures().size() + j)));
    }
    return new Op.Invoke(MethodRef.of(l.type(), l.sam(), samDesc), "interface", args);
  }

  /** The methods the calls of {@link #of} run, for the call graph. */
  static List<MethodRef> targets(Op.Invoke inv, Program program) {
    List<MethodRef> out = new ArrayList<>(1);
    for (Op.Invoke run : of(inv, program)) {
      Val recv = run.args().get(0);
      MethodRef t = recv instanceof Val.Lambda l ? l.impl()
          : program.resolve(recv.type(), run.method().name(), run.method().desc());
      if (t != null && program.facts(t) != null) {
        out.add(t);
      }
    }
    return out;
  }

  private static List<String> paramTypes(String desc) {
    List<String> out = new ArrayList<>();
    int i = 1;
    while (desc.charAt(i) != ')') {
      int start = i;
      while (desc.charAt(i) == '[') {
        i++;
      }
      if (desc.charAt(i) == 'L') {
        int end = desc.indexOf(';', i);
        out.add(start == i ? desc.substring(i + 1, end) : desc.substring(start, end + 1));
        i = end + 1;
      } else {
        out.add(desc.substring(start, i + 1));
        i++;
      }
    }
    return out;
  }
}
