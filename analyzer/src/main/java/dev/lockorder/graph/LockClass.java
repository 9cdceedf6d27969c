package dev.lockorder.graph;

import java.util.Objects;

/**
 * A lock class in lockdep's sense: one node for every lock that the code reaches the same way.
 *
 * @param key stable identity, used for equality, ordering and fingerprints
 * @param name what a reader sees, e.g. {@code Device.identity.lock}
 * @param kind what sort of lock or pseudo-lock this is
 * @param label extra words shown beside the name (an executor's thread name, or why the identity
 *     is only a type); empty when there is nothing to add
 */
public record LockClass(String key, String name, Kind kind, String label) implements Comparable<LockClass> {

  /** What sort of lock a class stands for. Pseudo-locks stand for waiting on other work. */
  public enum Kind {
    MONITOR(true),
    LOCK(true),
    READ_WRITE_LOCK(true),
    STAMPED_LOCK(false),
    SEMAPHORE(false),
    /** Held by every task an executor runs; acquired by whoever drains or flushes it. */
    COMPLETION(true),
    /** Held while one work item runs; acquired by whoever waits for that item. */
    WORK(true),
    /** Held while a class's static initializer runs; acquired by whoever touches the class meanwhile. */
    INIT(true),
    /**
     * Held while a {@code ConcurrentHashMap}'s function runs, in the bin of its key; acquired by
     * every call that locks a bin of that map. Never a self-edge: a function updating its own map
     * breaks the map's contract (the JDK throws when it meets its own bin), it does not wait.
     */
    BIN(true);

    private final boolean reentrant;

    Kind(boolean reentrant) {
      this.reentrant = reentrant;
    }

    /** Whether the holder may take it again without blocking itself. */
    public boolean reentrant() {
      return reentrant;
    }
  }

  public LockClass {
    Objects.requireNonNull(key);
    Objects.requireNonNull(name);
    Objects.requireNonNull(kind);
    label = label == null ? "" : label;
  }

  /** For a monitor named by a class (every object of it), that class's internal name; null otherwise. */
  public String monitoredType() {
    return kind == Kind.MONITOR && key.startsWith(TYPE_KEY) ? key.substring(TYPE_KEY.length()) : null;
  }

  private static final String TYPE_KEY = "lock:type ";

  /** The name as lockdep would print it, with the pseudo-lock prefix. */
  public String display() {
    return switch (kind) {
      case COMPLETION -> "(completion)" + name;
      case WORK -> "(work)" + name;
      case INIT -> "(init)" + name;
      case BIN -> "(bin)" + name;
      default -> name;
    };
  }

  /** {@link #display()} plus the label, if any. */
  public String displayWithLabel() {
    return label.isEmpty() ? display() : display() + " [" + label + "]";
  }

  /** Lock classes are the same node when their keys are; names and labels only describe them. */
  @Override
  public boolean equals(Object o) {
    return o instanceof LockClass c && c.key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public int compareTo(LockClass o) {
    return key.compareTo(o.key);
  }
}
