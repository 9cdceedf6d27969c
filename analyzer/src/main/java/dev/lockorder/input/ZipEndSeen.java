package dev.lockorder.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a jar's bytes through and remembers whether its end-of-central-directory record went by.
 * Reading a jar as a stream stops cleanly when the bytes stop between two entries, so a jar cut
 * short there looks whole; only the missing end record tells.
 */
final class ZipEndSeen extends FilterInputStream {
  private static final int[] SIGNATURE = {0x50, 0x4b, 0x05, 0x06};
  private int matched;
  private boolean seen;

  ZipEndSeen(InputStream in) {
    super(in);
  }

  /** Reads what is left (the reader stops at the central directory), then says whether the end record was there. */
  boolean drainAndCheck() throws IOException {
    byte[] buf = new byte[8192];
    while (read(buf, 0, buf.length) >= 0) {
      // scanning happens in read
    }
    return seen;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      scan(b);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    for (int i = 0; i < n; i++) {
      scan(b[off + i] & 0xff);
    }
    return n;
  }

  private void scan(int b) {
    if (b == SIGNATURE[matched]) {
      matched++;
      if (matched == SIGNATURE.length) {
        seen = true;
        matched = 0;
      }
    } else {
      matched = b == SIGNATURE[0] ? 1 : 0;
    }
  }
}
