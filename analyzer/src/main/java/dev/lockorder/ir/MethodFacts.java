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
 */
public record MethodFacts(MethodRef ref, int access, List<String> paramTypes, List<Node> nodes,
    List<FieldStore> stores) {

  public boolean isStatic() {
    return (access & ClassInfo.ACC_STATIC) != 0;
  }

  public boolean isSynchronized() {
    return (access & ClassInfo.ACC_SYNCHRONIZED) != 0;
  }
}
