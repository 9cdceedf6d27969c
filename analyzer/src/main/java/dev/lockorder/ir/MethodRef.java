package dev.lockorder.ir;

/**
 * A method by owner, name and descriptor, as in bytecode.
 *
 * @param owner internal name, e.g. {@code java/util/concurrent/locks/Lock}
 * @param name method name
 * @param desc JVM descriptor
 */
public record MethodRef(String owner, String name, String desc) implements Comparable<MethodRef> {

  public String className() {
    return owner.replace('/', '.');
  }

  public String simpleOwner() {
    String s = owner.substring(owner.lastIndexOf('/') + 1);
    return s;
  }

  /** {@code name+desc}, the key of a method within its class. */
  public String signature() {
    return name + desc;
  }

  @Override
  public int compareTo(MethodRef o) {
    int c = owner.compareTo(o.owner);
    if (c != 0) {
      return c;
    }
    c = name.compareTo(o.name);
    return c != 0 ? c : desc.compareTo(o.desc);
  }

  @Override
  public String toString() {
    return owner + "." + name + desc;
  }
}
