package dev.lockorder.ir;

import java.util.List;

/**
 * What a short method does to object state, for deciding tests on objects whose fields still hold
 * their defaults (a fresh {@code new MessageAck()} never has a transaction id). Kept for library
 * classes too: the objects tested are often a dependency's (commands, messages, options).
 *
 * @param predicate for an instance method {@code ()Z}: what it returns when every field it reads
 *     holds its default value, written {@code f,g:1} (the fields read, sorted, and the result); an
 *     empty field list is a constant. Null when the method does anything else.
 * @param writes the names of the fields the method stores into, on any object; null when unknown
 *     (the method is long, makes a lambda, or calls too many methods)
 * @param calls the methods it calls, whose stores count as its own; empty when {@code writes} is
 *     null
 */
public record StateFacts(String predicate, List<String> writes, List<MethodRef> calls) {
  public static final StateFacts NONE = new StateFacts(null, null, List.of());

  public StateFacts {
    writes = writes == null ? null : List.copyOf(writes);
    calls = List.copyOf(calls);
  }

  /** The fields a predicate reads; empty for a constant. */
  public List<String> predicateReads() {
    String f = predicate.substring(0, predicate.lastIndexOf(':'));
    return f.isEmpty() ? List.of() : List.of(f.split(","));
  }

  /** What the predicate returns on defaults. */
  public boolean predicateValue() {
    return predicate.endsWith(":1");
  }
}
