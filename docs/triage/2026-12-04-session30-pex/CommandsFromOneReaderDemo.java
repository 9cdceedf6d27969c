package patterns.flow; // runnable demo of the catalogue fixture flow/CommandsFromOneReaderSafe

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Safe (prints "done"), and reported at high confidence: the same connection, but its transport
 * hands commands from one reader thread, one at a time (activemq's TcpTransport run loop, NIO's
 * interest ops, the VM transport's task runner), and the stopper takes the write side. A send and a remove of one connection never run at
 * once; only the transport's threading says so, and any caller of the public visitor methods or of
 * onCommand may still call them from two threads. The catalogue keeps it as a known false positive.
 */
public class CommandsFromOneReaderDemo {
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

    protected synchronized Object lookup(Object producer) {
      return producer;
    }

    @Override
    public synchronized void processRemove() {
      meet();
      removeProducers();
    }

    private void removeProducers() {
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

  /** Hands every command from its one reader thread, in order: one command at a time. */
  public static final class OneReaderTransport {
    public void deliver(Connection to, Command first, Command second) throws InterruptedException {
      Thread reader = new Thread(() -> {
        to.onCommand(first);
        to.onCommand(second);
      });
      reader.setDaemon(true);
      reader.start();
      reader.join(2000);
      System.out.println(reader.isAlive() ? "deadlocked" : "done");
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Connection c = new Connection();
    c.bothIn.countDown(); // one thread: nobody to meet
    c.bothIn.countDown();
    new OneReaderTransport().deliver(c, new Send("p"), new Remove());
    c.stop();
  }
}
