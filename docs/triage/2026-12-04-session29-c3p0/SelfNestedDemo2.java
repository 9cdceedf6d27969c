package patterns.flow;

import java.lang.management.ManagementFactory;

public class SelfNestedDemo2 {
  public static void main(String[] a) throws Exception {
    SelfNestedSourceSafe.PooledSource s = new SelfNestedSourceSafe.PooledSource();
    SelfNestedSourceSafe.Wrapper w = new SelfNestedSourceSafe.Wrapper();
    w.setNested(s);
    s.setBackend(w);
    Thread t1 = new Thread(() -> { for (;;) try { s.getConnection(); } catch (StackOverflowError e) { } });
    Thread t2 = new Thread(() -> { for (;;) s.reset(); });
    t1.setDaemon(true); t2.setDaemon(true); t1.start(); t2.start();
    for (int i = 0; i < 50; i++) {
      Thread.sleep(100);
      long[] d = ManagementFactory.getThreadMXBean().findMonitorDeadlockedThreads();
      if (d != null) { System.out.println("safe twin, two threads: deadlock of " + d.length + " threads"); return; }
    }
    System.out.println("safe twin, two threads: no deadlock seen in 5 s");
  }
}
