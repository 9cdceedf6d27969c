package dev.lockorder.summary;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A value that a second thread may make before it is asked for: {@link #get} makes it on the
 * asking thread when no other has started it, waits when one has, and is free once it is made.
 * Made at most once, so whoever makes it, every caller sees the same object.
 */
final class Ahead<T> {
  private final FutureTask<T> task;

  Ahead(Supplier<T> work) {
    this.task = new FutureTask<>(work::get);
  }

  /** Makes the value here unless another thread has begun (then returns at once). */
  void make() {
    task.run();
  }

  T get() {
    task.run();
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err; // an OutOfMemoryError stops the run as it would on this thread
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an index", e);
    }
  }
}
