package dev.lockorder.ir;

/**
 * A method by owner, name and descriptor, as in bytecode. A class rather than a record only to
 * keep its hash: method references key most maps of the summaries. Equality, hash and order are
 * a record's (owner, name, descriptor), so map orders do not change with it.
 */
public final class MethodRef implements Comparable<MethodRef> {
  /**
   * One instance per method for the whole JVM: maps keyed by method references then mostly find
   * their key by identity, without comparing three strings (a profile's top entry before). Bounded
   * by the distinct methods ever named; a plugin run in a long-lived Maven daemon keeps them.
   */
  private static final java.util.concurrent.ConcurrentHashMap<MethodRef, MethodRef> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>(1 << 16);

  /**
   * The last shared reference found for a slot's three strings, by identity. The bytecode reader
   * hands out one string object per constant of a class, and the scan asks for each call's method
   * three or four times (interpreter, event node, state facts): a hit compares three pointers where
   * {@link #SHARED} compared the three strings' contents, a cache miss each, and made a key (an
   * eighth of the spark-core closure's scan). Entries are immutable, so threads share the array
   * without locks: a slot read while another thread replaces it is either entry, both right.
   */
  private static final Recent[] RECENT = new Recent[1 << 12];

  private record Recent(String owner, String name, String desc, MethodRef ref) {}

  private final String owner;
  private final String name;
  private final String desc;
  private final int hash;

  /**
   * @param owner internal name, e.g. {@code java/util/concurrent/locks/Lock}
   * @param name method name
   * @param desc JVM descriptor
   */
  public MethodRef(String owner, String name, String desc) {
    this(owner, name, desc, Records.hash(owner, name, desc));
  }

  private MethodRef(String owner, String name, String desc, int hash) {
    this.owner = owner;
    this.name = name;
    this.desc = desc;
    this.hash = hash;
  }

  /** The shared reference to this method; its strings are interned, so they compare by identity too. */
  public static MethodRef of(String owner, String name, String desc) {
    int h = Records.hash(owner, name, desc);
    int slot = (h ^ (h >>> 16)) & (RECENT.length - 1);
    Recent recent = RECENT[slot];
    if (recent != null && recent.owner == owner && recent.name == name && recent.desc == desc) {
      return recent.ref;
    }
    MethodRef r = new MethodRef(owner, name, desc, h);
    MethodRef shared = SHARED.get(r);
    if (shared == null) {
      r = new MethodRef(owner.intern(), name.intern(), desc.intern(), h);
      shared = SHARED.putIfAbsent(r, r);
      shared = shared != null ? shared : r;
    }
    RECENT[slot] = new Recent(owner, name, desc, shared);
    return shared;
  }

  public String owner() {
    return owner;
  }

  public String name() {
    return name;
  }

  public String desc() {
    return desc;
  }

  public String className() {
    return owner.replace('/', '.');
  }

  public String simpleOwner() {
    return owner.substring(owner.lastIndexOf('/') + 1);
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
  public boolean equals(Object o) {
    return o == this || o instanceof MethodRef m && m.hash == hash && m.owner.equals(owner) && m.name.equals(name)
        && m.desc.equals(desc);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return owner + "." + name + desc;
  }
}
