package dev.lockorder.ir;

/**
 * A value written into a field somewhere. Collected flow-insensitively: they tell which objects a
 * field may hold (lock allocations, tasks, executors).
 *
 * @param owner the field's class as named in bytecode
 * @param name the field name
 * @param base the object written to, null for a static field
 * @param value what was stored, in terms of {@code method}'s parameters
 * @param method where the store is
 * @param once whether the method makes it only while the field is still null, and fails rather than
 *     replace a value already there ({@code if (owner != null) throw ...; owner = o;}): a field it
 *     sets at most once per object
 * @param always whether it is a store into {@code this} of an object made right there that every
 *     normal return of the method comes after ({@code first = new Prep(...)} in a setup method),
 *     or a constructor's store of one of its parameters into a boolean field of its own object
 *     that every normal return comes after ({@code this.read = read})
 * @param when for a constructor's int store into {@code this}, the value flags of its parameters on
 *     every path to it ({@code case 2: direction = 2;}): a constant argument may rule it out
 */
public record FieldStore(String owner, String name, Val base, Val value, MethodRef method, boolean once,
    boolean always, java.util.List<FlagGuard> when) {

  public FieldStore(String owner, String name, Val base, Val value, MethodRef method, boolean once, boolean always) {
    this(owner, name, base, value, method, once, always, java.util.List.of());
  }

  public FieldStore(String owner, String name, Val base, Val value, MethodRef method) {
    this(owner, name, base, value, method, false, false);
  }

  public FieldStore(String owner, String name, Val base, Val value, MethodRef method, boolean once) {
    this(owner, name, base, value, method, once, false);
  }

  /** Whether a constructor makes the store, into the object it builds. */
  public boolean byOwnConstructor() {
    return method.name().equals("<init>") && base instanceof Val.Param p && p.index() == 0;
  }
}
