package dev.lockorder.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, where people watch a run. {@code System.console()} cannot
 * say: it is null as soon as stdout is redirected ({@code lockorder x > out.txt}), though stderr
 * still shows on the screen. On Linux the descriptor's link names the device; elsewhere the
 * console is the best guess left.
 */
final class Terminal {
  private Terminal() {}

  static boolean isStderr() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(fd).toString());
      } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  /** {@code /dev/pts/3}, {@code /dev/tty1}: a terminal; a pipe, a file or {@code /dev/null}: not. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
  }
}
