package patterns.flow;

import java.util.HashMap;
import java.util.Map;

/**
 * Session 29's "safe" shape, kept outside the catalogue because the analyzer reports it (and
 * rightly, strictly): like {@code SelfNestedSource} but the manager puts the pool only after
 * building it, as c3p0's {@code C3P0PooledConnectionPoolManager.getPool} does. A source nested
 * under itself then recurses without end in one thread (StackOverflowError); with a second thread
 * resetting the source, the two monitors can still deadlock before the overflow.
 */
class SelfNestedSourceSafe {
  interface Source {
    Object getConnection();
  }

  interface Backend {
    Object open();
  }

  public static final class Wrapper implements Backend {
    private Source nested;

    public synchronized void setNested(Source nested) {
      this.nested = nested;
    }

    private synchronized Source nested() {
      return nested;
    }

    @Override
    public Object open() {
      return nested().getConnection();
    }
  }

  public static final class Manager {
    private final Backend backend;
    private final Map<String, Object> pools = new HashMap<>();

    public Manager(Backend backend) {
      this.backend = backend;
    }

    public synchronized Object getPool(String auth) {
      Object pool = pools.get(auth);
      if (pool == null) {
        pool = build();
        pools.put(auth, pool);
      }
      return pool;
    }

    private Object build() {
      return backend.open();
    }

    public synchronized void close() {
      pools.clear();
    }
  }

  public static final class PooledSource implements Source {
    private Backend backend;
    private Manager manager;

    public synchronized void setBackend(Backend backend) {
      this.backend = backend;
    }

    private synchronized Manager manager() {
      if (manager == null) {
        manager = new Manager(backend);
      }
      return manager;
    }

    @Override
    public Object getConnection() {
      return manager().getPool("user");
    }

    public synchronized void reset() {
      if (manager != null) {
        manager.close();
        manager = null;
      }
    }
  }
}
