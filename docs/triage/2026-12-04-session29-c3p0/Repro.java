import com.mchange.v2.c3p0.*;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

public class Repro {
  public static void main(String[] a) throws Exception {
    final PoolBackedDataSource ds = new PoolBackedDataSource();
    WrapperConnectionPoolDataSource w = new WrapperConnectionPoolDataSource();
    w.setAutomaticTestTable("c3p0_test");
    w.setNestedDataSource(ds);
    ds.setConnectionPoolDataSource(w);
    if (a.length > 0) {
      try { ds.getConnection(); System.out.println("one thread: returned"); }
      catch (StackOverflowError e) { System.out.println("one thread: StackOverflowError"); }
      catch (Throwable e) { System.out.println("one thread: " + e); }
      System.exit(0);
    }
    Thread t1 = new Thread(() -> { for (;;) try { ds.getConnection(); } catch (Throwable e) { } }, "getConnection");
    Thread t2 = new Thread(() -> { for (;;) ds.resetPoolManager(false); }, "reset");
    t1.setDaemon(true); t2.setDaemon(true); t1.start(); t2.start();
    for (int i = 0; i < 100; i++) {
      Thread.sleep(100);
      long[] d = ManagementFactory.getThreadMXBean().findMonitorDeadlockedThreads();
      if (d != null) {
        System.out.println("two threads: monitor deadlock");
        for (ThreadInfo ti : ManagementFactory.getThreadMXBean().getThreadInfo(d, true, false)) {
          System.out.println(ti.getThreadName() + " blocked on " + ti.getLockName() + " held by " + ti.getLockOwnerName() + " at " + ti.getStackTrace()[0] + " / " + ti.getStackTrace()[1]);
        }
        System.exit(0);
      }
    }
    System.out.println("two threads: no deadlock seen in 10 s");
    System.exit(0);
  }
}
