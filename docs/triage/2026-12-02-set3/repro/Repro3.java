import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.store.*;
import org.apache.lucene.util.InfoStream;
import java.lang.management.*;
import java.util.concurrent.*;

public class Repro3 {
  static final CountDownLatch cPaused = new CountDownLatch(1), cGo = new CountDownLatch(1);
  static final CountDownLatch bPaused = new CountDownLatch(1), bGo = new CountDownLatch(1);
  static volatile boolean armB = false;

  static class Hook extends InfoStream {
    public boolean isEnabled(String c) { return true; }
    public void message(String c, String m) {
      String t = Thread.currentThread().getName();
      try {
        if (t.equals("C") && m.startsWith("addIndexes: process directory") && cPaused.getCount() > 0) {
          cPaused.countDown(); cGo.await();
        }
        if (t.equals("B") && armB && m.startsWith("publishFlushedSegment seg-private") && bPaused.getCount() > 0) {
          bPaused.countDown(); bGo.await();
        }
      } catch (InterruptedException e) { throw new RuntimeException(e); }
    }
    public void close() {}
  }

  static Document doc(String v) { Document d = new Document(); d.add(new StringField("id", v, Field.Store.YES)); return d; }

  static void waitState(Thread th, String frame) throws Exception {
    for (int i = 0; i < 500; i++) {
      Thread.State s = th.getState();
      if (s == Thread.State.BLOCKED || s == Thread.State.WAITING) {
        for (StackTraceElement e : th.getStackTrace()) if (e.getMethodName().equals(frame)) return;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException(th.getName() + " never reached " + frame + " state " + th.getState());
  }

  public static void main(String[] a) throws Exception {
    Directory src = new ByteBuffersDirectory();
    try (IndexWriter sw = new IndexWriter(src, new IndexWriterConfig(new StandardAnalyzer()))) { sw.addDocument(doc("s1")); sw.commit(); }

    IndexWriterConfig cfg = new IndexWriterConfig(new StandardAnalyzer())
        .setMergePolicy(NoMergePolicy.INSTANCE).setInfoStream(new Hook());
    IndexWriter w = new IndexWriter(new ByteBuffersDirectory(), cfg);
    w.addDocument(doc("0"));

    Thread C = new Thread(() -> { try { w.addIndexes(src); } catch (Throwable e) { e.printStackTrace(); } }, "C");
    C.start(); cPaused.await();
    System.out.println("C paused after its flush, before sync(IW)");

    w.addDocument(doc("1")); w.addDocument(doc("2"));   // a DWPT with buffered docs for B to flush
    armB = true;
    Thread B = new Thread(() -> { try { w.flushNextBuffer(); } catch (Throwable e) { e.printStackTrace(); } }, "B");
    B.start(); bPaused.await();
    System.out.println("B paused holding purgeLock, before publishFlushedSegment (sync IW)");

    Thread A = new Thread(() -> { try { w.deleteAll(); } catch (Throwable e) { e.printStackTrace(); } }, "A");
    A.start(); waitState(A, "forcePurge");
    System.out.println("A holds DW monitor (lockAndAbortAll), waiting for purgeLock");

    cGo.countDown(); waitState(C, "getNextSequenceNumber");
    System.out.println("C holds IW monitor (addIndexes), blocked on DW monitor");

    bGo.countDown(); waitState(B, "publishFlushedSegment");
    System.out.println("B blocked on IW monitor");

    Thread.sleep(500);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] ids = mx.findDeadlockedThreads();
    System.out.println("findDeadlockedThreads: " + (ids == null ? "none" : ids.length));
    if (ids != null) for (ThreadInfo ti : mx.getThreadInfo(ids, true, true)) {
      System.out.print(ti.toString());
    }
    System.exit(ids == null ? 1 : 0);
  }
}
