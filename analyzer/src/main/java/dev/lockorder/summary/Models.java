package dev.lockorder.summary;

import dev.lockorder.ir.MethodRef;
import java.util.Set;

/**
 * What the JDK's locking and concurrency APIs do, as data: which calls acquire, release, hand work
 * to an executor, or wait for it. The JDK's class files are not read, so each family lists the JDK
 * types that belong to it; an application class belongs to a family when one of its supertypes is
 * listed.
 */
final class Models {
  private Models() {}

  static final Set<String> LOCKS = Set.of(
      "java/util/concurrent/locks/Lock", "java/util/concurrent/locks/ReentrantLock",
      "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
      "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock");
  static final Set<String> RW_LOCKS = Set.of(
      "java/util/concurrent/locks/ReadWriteLock", "java/util/concurrent/locks/ReentrantReadWriteLock");
  static final String STAMPED = "java/util/concurrent/locks/StampedLock";
  static final Set<String> EXECUTORS = Set.of(
      "java/util/concurrent/Executor", "java/util/concurrent/ExecutorService",
      "java/util/concurrent/ScheduledExecutorService", "java/util/concurrent/AbstractExecutorService",
      "java/util/concurrent/ThreadPoolExecutor", "java/util/concurrent/ScheduledThreadPoolExecutor",
      "java/util/concurrent/ForkJoinPool");
  static final Set<String> FUTURES = Set.of(
      "java/util/concurrent/Future", "java/util/concurrent/FutureTask", "java/util/concurrent/ScheduledFuture",
      "java/util/concurrent/CompletableFuture", "java/util/concurrent/ForkJoinTask",
      "java/util/concurrent/RunnableFuture");

  /** What a modelled call does. */
  enum Effect {
    NONE, ACQUIRE, TRY_ACQUIRE, RELEASE, READ_VIEW, WRITE_VIEW, STAMPED_WRITE, STAMPED_READ,
    STAMPED_RELEASE, SUBMIT, DRAIN, WAIT_FUTURE,
    /** CompletableFuture.runAsync/supplyAsync: a task for the given executor or the common pool. */
    ASYNC,
    /** ForkJoinPool.invoke: submit, then wait. */
    INVOKE,
    /** Thread.start: the thread is a one-task executor running itself. */
    THREAD_START,
    /** Thread.join: waits for the thread's one task. */
    THREAD_JOIN,
    /** Runtime.addShutdownHook: a thread that {@link #EXIT} starts and waits for. */
    SHUTDOWN_HOOK,
    /** System.exit, Runtime.exit: runs every shutdown hook and waits for them (halt runs none). */
    EXIT,
    /** Waits for another thread's signal: latch, barrier, phaser, condition, monitor wait. */
    AWAIT,
    /** Signals waiters: countDown, signal, notify, arrive. */
    SIGNAL,
    /** Semaphore acquire/release: a lock when the semaphore has one permit. */
    SEM_ACQUIRE, SEM_RELEASE,
    /** Semaphore.tryAcquire: held only where it returned true. */
    SEM_TRY_ACQUIRE
  }

  /**
   * Blocking queues: a take waits for a producer's put as a latch's await waits for a countDown. The
   * JDK's own queue classes by name, since its class files are not read.
   */
  static final Set<String> BLOCKING_QUEUES = Set.of(
      "java/util/concurrent/BlockingQueue", "java/util/concurrent/BlockingDeque",
      "java/util/concurrent/TransferQueue", "java/util/concurrent/LinkedBlockingQueue",
      "java/util/concurrent/ArrayBlockingQueue", "java/util/concurrent/LinkedBlockingDeque",
      "java/util/concurrent/PriorityBlockingQueue", "java/util/concurrent/DelayQueue",
      "java/util/concurrent/SynchronousQueue", "java/util/concurrent/LinkedTransferQueue");

  static final String COMPLETABLE = "java/util/concurrent/CompletableFuture";
  static final String THREAD = "java/lang/Thread";
  static final String CONDITION = "java/util/concurrent/locks/Condition";
  static final String SEMAPHORE = "java/util/concurrent/Semaphore";

  static boolean in(Program p, String owner, Set<String> family) {
    if (family.contains(owner)) {
      return true;
    }
    for (String s : p.supertypes(owner)) {
      if (family.contains(s)) {
        return true;
      }
    }
    return false;
  }

  static Effect effect(Program p, MethodRef m) {
    String o = m.owner();
    String n = m.name();
    // Object's monitor methods are final: whatever the receiver's static type, they are these.
    if ((n.equals("wait") && (m.desc().equals("()V") || m.desc().equals("(J)V") || m.desc().equals("(JI)V")))) {
      return Effect.AWAIT;
    }
    if ((n.equals("notify") || n.equals("notifyAll")) && m.desc().equals("()V")) {
      return Effect.SIGNAL;
    }
    if (o.equals(COMPLETABLE) && (n.equals("runAsync") || n.equals("supplyAsync"))) {
      return Effect.ASYNC;
    }
    if (o.equals(THREAD) || p.supertypes(o).contains(THREAD)) {
      if (n.equals("start") && m.desc().equals("()V")) {
        return Effect.THREAD_START;
      }
      if (n.equals("join")) {
        return Effect.THREAD_JOIN;
      }
    }
    if (o.equals("java/lang/Runtime") && n.equals("addShutdownHook")) {
      return Effect.SHUTDOWN_HOOK;
    }
    if ((o.equals("java/lang/System") || o.equals("java/lang/Runtime")) && n.equals("exit")) {
      return Effect.EXIT;
    }
    if (o.equals("java/util/concurrent/CountDownLatch")) {
      return n.equals("await") ? Effect.AWAIT : n.equals("countDown") ? Effect.SIGNAL : Effect.NONE;
    }
    if (in(p, o, BLOCKING_QUEUES)) {
      return queueEffect(m);
    }
    if (o.equals("java/util/concurrent/CyclicBarrier")) {
      return n.equals("await") ? Effect.AWAIT : Effect.NONE;
    }
    if (o.equals("java/util/concurrent/Phaser")) {
      switch (n) {
        case "awaitAdvance": case "awaitAdvanceInterruptibly": case "arriveAndAwaitAdvance": return Effect.AWAIT;
        case "arrive": case "arriveAndDeregister": return Effect.SIGNAL;
        default: return Effect.NONE;
      }
    }
    if (o.equals(CONDITION) || p.supertypes(o).contains(CONDITION)) {
      switch (n) {
        case "await": case "awaitUninterruptibly": case "awaitNanos": case "awaitUntil": return Effect.AWAIT;
        case "signal": case "signalAll": return Effect.SIGNAL;
        default: return Effect.NONE;
      }
    }
    if (o.equals(SEMAPHORE) || p.supertypes(o).contains(SEMAPHORE)) {
      switch (n) {
        case "acquire": case "acquireUninterruptibly": return Effect.SEM_ACQUIRE;
        case "tryAcquire": return Effect.SEM_TRY_ACQUIRE;
        case "release": return Effect.SEM_RELEASE;
        default: return Effect.NONE;
      }
    }
    if (o.equals("java/util/concurrent/ForkJoinPool") && n.equals("invoke")) {
      return Effect.INVOKE;
    }
    if (in(p, o, LOCKS)) {
      switch (n) {
        case "lock": case "lockInterruptibly": return Effect.ACQUIRE;
        case "tryLock": return Effect.TRY_ACQUIRE;
        case "unlock": return Effect.RELEASE;
        default: return Effect.NONE;
      }
    }
    if (in(p, o, RW_LOCKS)) {
      switch (n) {
        case "readLock": return Effect.READ_VIEW;
        case "writeLock": return Effect.WRITE_VIEW;
        default: return Effect.NONE;
      }
    }
    if (o.equals(STAMPED) || p.supertypes(o).contains(STAMPED)) {
      switch (n) {
        case "writeLock": case "writeLockInterruptibly": return Effect.STAMPED_WRITE;
        case "readLock": case "readLockInterruptibly": return Effect.STAMPED_READ;
        case "unlockWrite": case "unlockRead": case "unlock": return Effect.STAMPED_RELEASE;
        case "asReadLock": case "asReadWriteLock": return Effect.READ_VIEW;
        case "asWriteLock": return Effect.WRITE_VIEW;
        default: return Effect.NONE;
      }
    }
    if (in(p, o, EXECUTORS)) {
      switch (n) {
        case "execute": case "submit": case "schedule": case "scheduleAtFixedRate": case "scheduleWithFixedDelay":
          return Effect.SUBMIT;
        case "awaitTermination": case "close": case "invokeAll": case "invokeAny":
          return Effect.DRAIN;
        default: return Effect.NONE;
      }
    }
    if (in(p, o, FUTURES)) {
      switch (n) {
        case "get": case "join": return Effect.WAIT_FUTURE;
        default: return Effect.NONE;
      }
    }
    return Effect.NONE;
  }

  /**
   * A take (or a poll that waits, timed) waits for an element; anything that inserts one signals
   * it. A put that waits for room in a full queue is not modelled: that wait is for a consumer.
   */
  private static Effect queueEffect(MethodRef m) {
    String n = m.name();
    boolean waitingPoll = n.startsWith("poll") && m.desc().contains("Ljava/util/concurrent/TimeUnit;");
    if (n.equals("take") || n.equals("takeFirst") || n.equals("takeLast") || waitingPoll) {
      return Effect.AWAIT;
    }
    if (n.startsWith("put") || n.startsWith("offer") || n.startsWith("add") || n.equals("transfer")
        || n.equals("tryTransfer")) {
      return Effect.SIGNAL;
    }
    return Effect.NONE;
  }

  /** Whether a submit-like call returns a future for the task (execute does not). */
  static boolean returnsFuture(MethodRef m) {
    return !m.name().equals("execute");
  }

  /** Whether a wait gives up after a timeout (it still blocks: lower confidence, same edge). */
  static boolean timed(MethodRef m) {
    return m.desc().contains("J") || m.desc().contains("TimeUnit") || m.name().equals("awaitNanos")
        || m.name().equals("awaitUntil");
  }

  /** A stage that completes when the stage it is called on does. */
  static boolean dependentStage(MethodRef m) {
    String n = m.name();
    return m.owner().equals(COMPLETABLE) && (n.startsWith("then") || n.startsWith("handle")
        || n.startsWith("whenComplete") || n.startsWith("exceptionally") || n.equals("toCompletableFuture")
        || n.startsWith("orTimeout") || n.startsWith("completeOnTimeout"));
  }
}
