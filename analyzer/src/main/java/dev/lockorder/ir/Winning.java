package dev.lockorder.ir;

import java.util.List;
import java.util.Set;

/**
 * A method's part in one-winner gates: the boolean field of {@code this} it wins where it returns
 * true, and the boolean fields it stores. A synchronized method that tests a field false and sets it
 * true before it returns true ({@code if (closed || closing) return false; closing = true; return
 * true;}) lets in one thread until the field is stored false again.
 *
 * @param wins the field ({@code owner.name} as the bytecode names it) that every return of true
 *     comes after winning: tested false, then set true, with no call between, under the method's
 *     monitor; null when the method is no such gate
 * @param falseAtWin the other boolean fields of {@code this} that every win found false in the same
 *     step (no call between their test and the win)
 * @param setsTrue the boolean fields the method stores {@code true} into, on any object
 * @param setsOther the boolean fields it stores anything else into, on any object, but for a
 *     constructor's stores into the object it builds
 * @param trueAtEveryReset the boolean fields of {@code this} that every path to each of those other
 *     stores has already set true ({@code closed = true; closing = false;}); empty when a store is
 *     into another object, or reached where the field may not be set ({@code if (done) closed = true;})
 */
public record Winning(String wins, Set<String> falseAtWin, List<String> setsTrue, List<String> setsOther,
    Set<String> trueAtEveryReset) {
  public static final Winning NONE = new Winning(null, Set.of(), List.of(), List.of(), Set.of());

  public Winning {
    falseAtWin = Set.copyOf(falseAtWin);
    setsTrue = List.copyOf(setsTrue);
    setsOther = List.copyOf(setsOther);
    trueAtEveryReset = Set.copyOf(trueAtEveryReset);
  }
}
