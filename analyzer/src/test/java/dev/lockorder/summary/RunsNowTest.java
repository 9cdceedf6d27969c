package dev.lockorder.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which JDK calls run their function argument on the caller's thread: the catalogue's {@code
 * dispatch/ListenersRunByForEach} shows the ones that do; these are the ones that must not (a
 * function handed to another thread would be a false edge under the caller's locks).
 */
class RunsNowTest {
  private static final Val.New CONSUMER = new Val.New("app/Listener", "app/Registry.fire()V@3");

  private static List<Op.Invoke> runs(String owner, String name, String desc) {
    Val recv = new Val.Unknown(owner);
    return RunsNow.of(new Op.Invoke(new MethodRef(owner, name, desc), "interface", List.of(recv, CONSUMER)), null);
  }

  @Test
  void aCollectionsForEach_runsItsConsumerHere() {
    List<Op.Invoke> r = runs("java/util/List", "forEach", "(Ljava/util/function/Consumer;)V");
    assertEquals(1, r.size());
    assertEquals(new MethodRef("java/util/function/Consumer", "accept", "(Ljava/lang/Object;)V"), r.get(0).method());
    assertEquals(CONSUMER, r.get(0).args().get(0));
  }

  @Test
  void executorsTimersAndFutures_runItElsewhere() {
    assertEquals(List.of(), runs("java/util/concurrent/ExecutorService", "submit",
        "(Ljava/lang/Runnable;)Ljava/util/concurrent/Future;"));
    assertEquals(List.of(), runs("java/util/concurrent/CompletableFuture", "thenAccept",
        "(Ljava/util/function/Consumer;)Ljava/util/concurrent/CompletableFuture;"));
    assertEquals(List.of(), runs("java/util/Timer", "schedule", "(Ljava/util/TimerTask;J)V"));
  }

  @Test
  void anApplicationClassesForEach_isReadNotModelled() {
    assertEquals(List.of(), runs("app/EventBus", "forEach", "(Ljava/util/function/Consumer;)V"));
  }

  @Test
  void aMethodNotInTheList_runsNothing() {
    assertEquals(List.of(), runs("java/util/List", "add", "(Ljava/lang/Object;)Z"));
  }
}
