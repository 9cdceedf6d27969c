package dev.lockorder.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * Dense ids for keys (0, 1, 2, ... in the order first seen), with the keys kept in a list and the
 * lookup in an open-addressing table of ints over it. The type flow of a 60,000-class closure has
 * millions of nodes: a {@code HashMap<K, Integer>} spent an entry object and an {@code Integer} on
 * each, for the collector to walk on every cycle.
 */
final class KeyIds<K> {
  private final List<K> keys = new ArrayList<>();
  /** Per id: its key's hash, so that growing and probing do not hash deep keys again. */
  private int[] hashes = new int[1024];
  /** Per slot: the key's id plus one, or 0 for a free slot. */
  private int[] table = new int[1024];
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
      int t = table[i];
      if (t == 0) {
        return -1;
      }
      if (hashes[t - 1] == h && keys.get(t - 1).equals(k)) {
        return t - 1;
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
    if (keys.size() > hashes.length) {
      hashes = java.util.Arrays.copyOf(hashes, hashes.length * 2);
    }
    hashes[keys.size() - 1] = h;
    place(keys.size());
    return keys.size() - 1;
  }

  private void grow() {
    table = new int[table.length * 2];
    shift--;
    for (int id = 1; id <= keys.size(); id++) {
      place(id);
    }
  }

  private void place(int idPlusOne) {
    int mask = table.length - 1;
    int i = slot(hashes[idPlusOne - 1]);
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = idPlusOne;
  }

  private int slot(int hash) {
    return (hash * 0x9E3779B1) >>> shift;
  }
}
