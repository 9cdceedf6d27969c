package dev.lockorder.summary;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node of the type flow's graph: field ({@code F}), parameter ({@code P}), return ({@code R}),
 * allocation site ({@code S}), contents ({@code K}), call result ({@code C}, {@code Q}), value
 * ({@code V}, {@code W}). A class rather than a record only to keep its hash: every value looked up
 * hashes its key, and a contents key hashes the key inside it again. Equality, hash and text are
 * the record's {@code Key(char kind, Object at, int index)}.
 */
final class FlowKey {
  private final char kind;
  private final Object at;
  private final int index;
  private final int hash;

  FlowKey(char kind, Object at, int index) {
    this.kind = kind;
    this.at = at;
    this.index = index;
    this.hash = (31 * Character.hashCode(kind) + Objects.hashCode(at)) * 31 + Integer.hashCode(index);
  }

  char kind() {
    return kind;
  }

  Object at() {
    return at;
  }

  int index() {
    return index;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof FlowKey k && k.hash == hash && k.kind == kind && k.index == index
        && Objects.equals(k.at, at);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "Key[kind=" + kind + ", at=" + at + ", index=" + index + "]";
  }

  /**
   * One key per field, by the name a store or load uses: a field's key was a string joined and
   * hashed at every value looked up, and compared character by character with the one in the table.
   */
  static final class Fields {
    private final Program program;
    private final Map<String, Map<String, FlowKey>> byOwner = new HashMap<>();

    Fields(Program program) {
      this.program = program;
    }

    FlowKey of(String owner, String name) {
      Map<String, FlowKey> byName = byOwner.computeIfAbsent(owner, k -> new HashMap<>());
      FlowKey key = byName.get(name);
      if (key == null) {
        key = new FlowKey('F', program.fieldDeclarer(owner, name) + "." + name, 0);
        byName.put(name, key);
      }
      return key;
    }
  }
}
