package app;

/** Two locks taken in both orders: one cycle, so the SARIF log has locations to check. */
public final class Bank {
  private final Object accounts = new Object();
  private final Object audit = new Object();

  void transfer() {
    synchronized (accounts) {
      synchronized (audit) {
        System.out.println("transfer");
      }
    }
  }

  void report() {
    synchronized (audit) {
      synchronized (accounts) {
        System.out.println("report");
      }
    }
  }
}
