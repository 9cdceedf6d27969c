package patterns.flow; // runnable demo of the catalogue twin flow/CommandsFromTwoReaders

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Runnable twin (prints "deadlocked"): a connection serves the commands its transport hands it,
 * under the read side of its service lock, and this transport hands them from two reader threads at once. A send that
 * registers its producer (the producers' map, then the connection's monitor) and a remove of the
 * connection (its monitor, then the map) meet; the read side lets both readers in together.
 * activemq's TransportConnection has both orders; its transports hand commands one at a time.
 */
public class CommandsFromTwoReadersDemo {
  public interface Visitor {
    void processSend(Object producer);

    void processRemove();
  }

  public interface Command {
    void visit(Visitor v);
  }

  public static final class Send implements Command {
    final Object producer;

    public Send(Object producer) {
      this.producer = producer;
    }

    @Override
    public void visit(Visitor v) {
      v.processSend(producer);
    }
  }

  public static final class Remove implements Command {
    @Override
    public void visit(Visitor v) {
      v.processRemove();
    }
  }

  public static final class Connection implements Visitor {
    private final Map<Object, Object> producers = new HashMap<>();
    private final ReentrantReadWriteLock serviceLock = new ReentrantReadWriteLock();
    final CountDownLatch bothIn = new CountDownLatch(2);

    public void onCommand(Command c) {
      serviceLock.readLock().lock();
      try {
        c.visit(this);
      } finally {
        serviceLock.readLock().unlock();
      }
    }

    /** The stopper: the write side keeps every command out while the connection goes away. */
    public void stop() {
      serviceLock.writeLock().lock();
      try {
        processRemove();
      } finally {
        serviceLock.writeLock().unlock();
      }
    }

    @Override
    public void processSend(Object producer) {
      synchronized (producers) {
        meet();
        producers.put(producer, lookup(producer));
      }
    }

    // EXPECT: LockOrderCycle
    protected synchronized Object lookup(Object producer) {
      return producer;
    }

    @Override
    public synchronized void processRemove() {
      meet();
      removeProducers();
    }

    private void removeProducers() {
      // EXPECT: LockOrderCycle
      synchronized (producers) {
        producers.clear();
      }
    }

    private void meet() {
      bothIn.countDown();
      try {
        bothIn.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Hands each command from a reader thread of its own: two commands may be served at once. */
  public static final class TwoReaderTransport {
    public void deliver(Connection to, Command first, Command second) throws InterruptedException {
      Thread a = new Thread(() -> to.onCommand(first));
      Thread b = new Thread(() -> to.onCommand(second));
      a.setDaemon(true);
      b.setDaemon(true);
      a.start();
      b.start();
      a.join(2000);
      b.join(2000);
      System.out.println(a.isAlive() || b.isAlive() ? "deadlocked" : "done");
    }
  }

  public static void main(String[] args) throws InterruptedException {
    new TwoReaderTransport().deliver(new Connection(), new Send("p"), new Remove());
  }
}
