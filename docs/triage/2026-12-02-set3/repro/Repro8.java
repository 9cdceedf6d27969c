import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.store.*;
import org.apache.lucene.util.InfoStream;
import java.util.*;
import java.util.concurrent.*;

public class Repro8 {
  static final CountDownLatch mPaused = new CountDownLatch(1), mGo = new CountDownLatch(1);
  static final CountDownLatch aWaiting = new CountDownLatch(1);
  static volatile Thread mergeThread;

  static class Hook extends InfoStream {
    public boolean isEnabled(String c) { return true; }
    public void message(String c, String m) {
      try {
        if (m.startsWith("flush at addIndexes(CodecReader...)") && mPaused.getCount() > 0) {
          mergeThread = Thread.currentThread();
          mPaused.countDown(); mGo.await();
        }
        if (m.startsWith("now wait for ") && m.contains("running merge")) aWaiting.countDown();
      } catch (InterruptedException e) { throw new RuntimeException(e); }
    }
    public void close() {}
  }

  static Document doc(String v) { Document d = new Document(); d.add(new StringField("id", v, Field.Store.YES)); return d; }

  public static void main(String[] a) throws Exception {
    Directory src = new ByteBuffersDirectory();
    try (IndexWriter sw = new IndexWriter(src, new IndexWriterConfig(new StandardAnalyzer()))) { sw.addDocument(doc("s1")); sw.commit(); }
    DirectoryReader srcReader = DirectoryReader.open(src);
    CodecReader[] leaves = srcReader.leaves().stream().map(l -> (CodecReader) l.reader()).toArray(CodecReader[]::new);

    IndexWriterConfig cfg = new IndexWriterConfig(new StandardAnalyzer())
        .setMergeScheduler(new ConcurrentMergeScheduler()).setInfoStream(new Hook());
    IndexWriter w = new IndexWriter(new ByteBuffersDirectory(), cfg);
    w.addDocument(doc("0"));

    Thread C = new Thread(() -> { try { w.addIndexes(leaves); System.out.println("addIndexes returned"); } catch (Throwable e) { System.out.println("addIndexes threw " + e); } }, "addIndexes-caller");
    C.setDaemon(true); C.start(); mPaused.await();
    System.out.println("merge thread " + mergeThread.getName() + " registered in runningMerges, paused before flush(false,true)");

    Thread A = new Thread(() -> { try { w.deleteAll(); System.out.println("deleteAll returned"); } catch (Throwable e) { System.out.println("deleteAll threw " + e); } }, "deleteAll");
    A.setDaemon(true); A.start(); aWaiting.await();
    System.out.println("deleteAll holds fullFlushLock, in abortMerges wait loop");

    mGo.countDown();
    for (int i = 0; i < 10; i++) {
      Thread.sleep(1000);
      System.out.println("t=" + (i+1) + "s  deleteAll=" + A.getState() + "  merge=" + mergeThread.getState());
    }
    System.out.println("--- merge thread stack:");
    for (StackTraceElement e : mergeThread.getStackTrace()) { System.out.println("  " + e); if (e.getMethodName().equals("addIndexesReaderMerge")) break; }
    System.out.println("--- deleteAll stack:");
    for (StackTraceElement e : A.getStackTrace()) { System.out.println("  " + e); if (e.getMethodName().equals("deleteAll")) break; }
    System.exit(A.isAlive() ? 0 : 1);
  }
}
