package dev.lockorder.ir;

import java.util.Objects;

/** A record's hash of its components, for value classes that keep theirs (so map order stays a record's). */
final class Records {
  private Records() {}

  static int hash(Object... components) {
    int h = 0;
    for (Object c : components) {
      h = 31 * h + Objects.hashCode(c);
    }
    return h;
  }
}
