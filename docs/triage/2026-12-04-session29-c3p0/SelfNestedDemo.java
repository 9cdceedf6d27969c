package patterns.flow;

import java.lang.management.ManagementFactory;

public class SelfNestedDemo {
  public static void main(String[] a) throws Exception {
    // Safe twin, one thread, source nested under itself.
    SelfNestedSourceSafe.PooledSource s = new SelfNestedSourceSafe.PooledSource();
    SelfNestedSourceSafe.Wrapper w = new SelfNestedSourceSafe.Wrapper();
    w.setNested(s);
    s.setBackend(w);
    try {
      s.getConnection();
      System.out.println("safe twin: returned");
    } catch (StackOverflowError e) {
      System.out.println("safe twin, one thread: StackOverflowError");
    }
    // Twin, two threads.
    SelfNestedSource.PooledSource t = new SelfNestedSource.PooledSource();
    SelfNestedSource.Wrapper v = new SelfNestedSource.Wrapper();
    v.setNested(t);
    t.setBackend(v);
    System.out.println("twin, one thread: " + (t.getConnection() != null ? "returned" : "null"));
    Thread t1 = new Thread(() -> { for (;;) t.getConnection(); });
    Thread t2 = new Thread(() -> { for (;;) t.reset(); });
    t1.setDaemon(true); t2.setDaemon(true); t1.start(); t2.start();
    for (int i = 0; i < 50; i++) {
      Thread.sleep(100);
      long[] d = ManagementFactory.getThreadMXBean().findMonitorDeadlockedThreads();
      if (d != null) { System.out.println("twin, two threads: deadlock of " + d.length + " threads"); return; }
    }
    System.out.println("twin: no deadlock seen");
  }
}
