package dev.lockorder;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayDeque;

/**
 * Running out of heap, said as such. A heap too small for the input does not always end in an
 * {@link OutOfMemoryError}: with G1 the collector can free a little every time and keep the run
 * alive for many minutes, doing nothing but collect. While an analysis runs, a daemon thread
 * watches the share of time spent collecting and how full the heap stays after collections; when
 * both stay high ({@link #thrashing}), the stages, which call {@link #check()} in their loops, stop
 * with an {@code OutOfMemoryError}, as the JVM would have. The thresholds are those of a run that
 * is stuck, not slow: a run that collects hard but still frees a twentieth of its heap goes on (on
 * a heap a little too small the spark-core closure took 363 s against 140 s, and finished). The command line and the Maven plugin
 * turn that error into one line that names the heap and how to raise it ({@link #advice}).
 */
public final class HeapWatch implements AutoCloseable {
  /** Collection share of wall time, over {@link #WINDOW_MILLIS}, past which the run is thrashing. */
  static final double GC_SHARE = 0.95;
  /** How full the old generation stays after collections, as a share of the heap's maximum. */
  static final double FULL_AFTER_GC = 0.95;
  static final long WINDOW_MILLIS = 30_000;
  private static final long SAMPLE_MILLIS = 500;

  private static volatile boolean exhausted;
  private static int watchers;
  private static Thread thread;

  private HeapWatch() {}

  /** Starts watching (if no other analysis in this JVM already does); close to stop. */
  public static synchronized HeapWatch start() {
    if (watchers++ == 0) {
      exhausted = false;
      thread = new Thread(HeapWatch::watch, "lockorder-heap-watch");
      thread.setDaemon(true);
      thread.start();
    }
    return new HeapWatch();
  }

  @Override
  public void close() {
    synchronized (HeapWatch.class) {
      if (--watchers == 0) {
        thread.interrupt();
        thread = null;
        exhausted = false;
      }
    }
  }

  /** Throws an {@code OutOfMemoryError} when the heap is exhausted; cheap enough for inner loops. */
  public static void check() {
    if (exhausted) {
      throw new OutOfMemoryError("the garbage collector took over " + Math.round(GC_SHARE * 100)
          + "% of the time for " + WINDOW_MILLIS / 1000 + " s with the heap still over "
          + Math.round(FULL_AFTER_GC * 100) + "% full");
    }
  }

  /**
   * Whether samples of (milliseconds since start, total collection milliseconds, heap share in
   * use after the last collection) over at least one full window say the run is thrashing: the
   * collector's share of the window's time and the heap's fullness after collection both high.
   */
  static boolean thrashing(ArrayDeque<long[]> samples, double fullAfterGc) {
    if (samples.size() < 2 || fullAfterGc < FULL_AFTER_GC) {
      return false;
    }
    long[] first = samples.peekFirst();
    long[] last = samples.peekLast();
    long wall = last[0] - first[0];
    return wall >= WINDOW_MILLIS && (last[1] - first[1]) >= GC_SHARE * wall;
  }

  private static void watch() {
    ArrayDeque<long[]> samples = new ArrayDeque<>();
    long t0 = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        long now = (System.nanoTime() - t0) / 1_000_000;
        samples.addLast(new long[] {now, collectionMillis()});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_MILLIS) {
          samples.removeFirst();
        }
        if (thrashing(samples, fullAfterCollection())) {
          exhausted = true;
        }
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return; // closed
      } catch (OutOfMemoryError e) {
        exhausted = true; // not even a sample fits: the stages stop at their next check
        return;
      }
    }
  }

  private static long collectionMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  /** The heap in use just after the last collections, as a share of the maximum heap. */
  private static double fullAfterCollection() {
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()
          && p.getCollectionUsage() != null) {
        used += p.getCollectionUsage().getUsed();
      }
    }
    return (double) used / Runtime.getRuntime().maxMemory();
  }

  /**
   * The one line to print when the heap ran out: what the heap was, and how to raise it, for the
   * command line ({@code java -Xmx}, or {@code JAVA_OPTS} for the launcher script) or for Maven
   * ({@code MAVEN_OPTS}).
   */
  public static String advice(boolean maven) {
    long mb = Runtime.getRuntime().maxMemory() >> 20;
    long next = Math.max(1, Math.round(Math.ceil(mb * 2 / 1024.0)));
    String how = maven
        ? "set MAVEN_OPTS=-Xmx" + next + "g (the plugin runs inside Maven's JVM) and run Maven again"
        : "run it again with a larger heap: java -Xmx" + next + "g -jar lockorder.jar ... (with the"
            + " launcher script: JAVA_OPTS=-Xmx" + next + "g ./lockorder ...)";
    return "out of memory: the analysis needs more than this JVM's " + mb + " MB heap; " + how
        + (maven ? "" : ". Fewer inputs or --classpath entries also need less");
  }
}
