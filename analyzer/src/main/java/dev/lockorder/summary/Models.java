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
    STAMPED_RELEASE, SUBMIT, DRAIN, WAIT_FUTURE
  }

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

  /** Whether a submit-like call returns a future for the task (execute does not). */
  static boolean returnsFuture(MethodRef m) {
    return !m.name().equals("execute");
  }
}
