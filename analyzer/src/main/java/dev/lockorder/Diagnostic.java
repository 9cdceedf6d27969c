package dev.lockorder;

/**
 * A warning about the input: something skipped or degraded, never a finding.
 *
 * @param code stable key, e.g. {@code corrupt-class}, {@code duplicate-class}, {@code missing-class}
 * @param file the file (or jar entry, as {@code app.jar!/a/B.class}) it is about
 * @param message what happened, in one sentence
 */
public record Diagnostic(String code, String file, String message) implements Comparable<Diagnostic> {
  @Override
  public String toString() {
    return file + ": " + message;
  }

  @Override
  public int compareTo(Diagnostic o) {
    int c = file.compareTo(o.file);
    if (c != 0) {
      return c;
    }
    c = code.compareTo(o.code);
    return c != 0 ? c : message.compareTo(o.message);
  }
}
