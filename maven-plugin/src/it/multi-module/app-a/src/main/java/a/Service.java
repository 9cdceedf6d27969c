package a;

import b.Registry;

/** Takes its lock around the library, and the library's callback takes its lock: a cross-module cycle. */
public final class Service {
  static final Object LOCK = new Object();

  void register() {
    synchronized (LOCK) {
      Registry.withLock(() -> { });
    }
  }

  void refresh() {
    Registry.withLock(() -> {
      synchronized (LOCK) {
        System.out.println("refreshed");
      }
    });
  }
}
