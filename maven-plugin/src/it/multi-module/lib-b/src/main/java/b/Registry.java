package b;

/** A library that runs callbacks under its own lock. */
public final class Registry {
  static final Object LOCK = new Object();

  private Registry() {}

  public static void withLock(Runnable callback) {
    synchronized (LOCK) {
      callback.run();
    }
  }
}
