package dev.lockorder.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * Dense ids for keys (0, 1, 2, ... in the order first seen), with the keys kept in a list and the
 * lookup in an open-addressing table over it. The type flow of a 60,000-class closure has
 * millions of nodes: a {@code HashMap<K, Integer>} spent an entry object and an {@code Integer} on
 * each, for the collector to walk on every cycle.
 */
final class KeyIds<K> {
  private final List<K> keys = new ArrayList<>();
  /**
   * Per slot: the key's hash in the high half and its id plus one in the low half, or 0 for a free
   * slot. The hash sits next to the id, so a probe that passes a slot of another key reads no
   * second array (a cache miss per probe on a table this large), and growing hashes no deep key.
   */
  private long[] table = new long[1024];
  /** 32 minus log2 of the table's length: Fibonacci hashing takes the product's top bits. */
  private int shift = 22;

  int size() {
    return keys.size();
  }

  K key(int id) {
    return keys.get(id);
  }

  /** The id of {@code k}, or -1. */
  int find(K k) {
    return find(k, k.hashCode());
  }

  private int find(K k, int h) {
    int mask = table.length - 1;
    for (int i = slot(h); ; i = (i + 1) & mask) {
      long t = table[i];
      if (t == 0) {
        return -1;
      }
      if ((int) (t >>> 32) == h) {
        int id = (int) t - 1;
        K found = keys.get(id);
        if (found == k || found.equals(k)) {
          return id;
        }
      }
    }
  }

  /** The id of {@code k}, given the next one if it is new. */
  int add(K k) {
    int h = k.hashCode();
    int found = find(k, h);
    if (found >= 0) {
      return found;
    }
    if ((keys.size() + 1) * 2 > table.length) {
      grow();
    }
    keys.add(k);
    place(h, keys.size());
    return keys.size() - 1;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    shift--;
    for (long t : old) {
      if (t != 0) {
        place((int) (t >>> 32), (int) t);
      }
    }
  }

  private void place(int hash, int idPlusOne) {
    int mask = table.length - 1;
    int i = slot(hash);
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = (long) hash << 32 | (idPlusOne & 0xFFFFFFFFL);
  }

  private int slot(int hash) {
    return (hash * 0x9E3779B1) >>> shift;
  }
}
