package dev.lockorder.ir;

import java.util.List;

/**
 * The lock facts of one method: its event graph and the field stores it makes.
 *
 * @param ref the method
 * @param access access flags
 * @param paramTypes types of the parameters by position, {@code this} first for instance methods
 * @param nodes the event graph; node 0 is the entry
 * @param stores field stores in the method
 * @param merged the values that met a different value at a join and became unknown there (for the
 *     type flow: an unknown value is one of them); null when there were too many to keep
 * @param flagWrites the names of the boolean fields the method writes
 * @param mergedAt the values that met at one join, by {@link Val.Unknown#join}; a join with too
 *     many to keep is absent (then {@code merged} answers)
 * @param counts the method's uses of counters, for the signals a waiter is owed
 * @param winning the one-winner gate the method is, if any, and its boolean stores
 * @param handles the methods whose handle the code takes (a lambda's code or a method reference, at
 *     an {@code invokedynamic}, or a {@code MethodHandle} constant): run from wherever the handle goes
 */
public record MethodFacts(MethodRef ref, int access, List<String> paramTypes, List<Node> nodes,
    List<FieldStore> stores, List<Val> merged, java.util.Set<String> flagWrites,
    java.util.Map<Integer, List<Val>> mergedAt, List<CountUse> counts, Winning winning,
    java.util.Set<MethodRef> handles) {

  public boolean isStatic() {
    return (access & ClassInfo.ACC_STATIC) != 0;
  }

  public boolean isSynchronized() {
    return (access & ClassInfo.ACC_SYNCHRONIZED) != 0;
  }
}
