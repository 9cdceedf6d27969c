package dev.lockorder.summary;

import dev.lockorder.ir.Val;

/**
 * Whether a stream operation runs on a parallel stream: its functions then run on the common
 * pool's workers as well as on the caller's thread, and the terminal operation waits for them. A
 * worker blocking on a lock the caller holds is a deadlock, as a task waited for under that lock
 * is. The caller's own share is a call ({@link RunsNow}); the workers' share is a task of the
 * common pool that the call waits for ({@link Tasks}).
 */
final class ParallelStreams {
  private static final String STREAMS = "java/util/stream/";

  private ParallelStreams() {}

  /**
   * Whether {@code receiver}, a stream, is parallel as the code made it: the last of {@code
   * parallel()} and {@code sequential()} on its chain decides, and {@code parallelStream()} starts a
   * parallel one. A stream that came from elsewhere (a parameter, a field) is taken as sequential.
   */
  static boolean isParallel(Val receiver) {
    Val v = receiver;
    for (int depth = 0; depth < 16 && v instanceof Val.Call c && !c.args().isEmpty(); depth++) {
      String name = c.method().name();
      if (name.equals("parallelStream")) {
        return true;
      }
      if (!c.method().owner().startsWith(STREAMS)) {
        return false;
      }
      if (name.equals("parallel")) {
        return true;
      }
      if (name.equals("sequential")) {
        return false;
      }
      v = c.args().get(0);
    }
    return false;
  }
}
