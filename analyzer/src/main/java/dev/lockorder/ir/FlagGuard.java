package dev.lockorder.ir;

/**
 * A boolean field of a parameter (by position, {@code this} first in instance methods) that every
 * path to a node found {@code value}: {@code if (!optimizedDispatch) wakeup();}. Only fields the
 * method never writes are read this way. The field may also be a boolean getter ({@link
 * #PREDICATE}) that the method called before doing anything that could change the object.
 *
 * @param field the field's name
 */
public record FlagGuard(int param, String field, boolean value) implements Guard {
  /**
   * Starts the constant of a value flag ({@code =c}) that is a case of a switch on an enum: {@code
   * =#owner.$SwitchMap$pkg$E#2}, javac's table and the case number (see the bytecode stage's
   * SwitchMaps).
   */
  public static final String ENUM_CASE = "#";

  /**
   * The table name, in a flag {@code =#owner.<constants>#NAME}, of an enum class's own constants:
   * the flag of a test {@code e == E.NAME}.
   */
  public static final String ENUM_CONSTANTS = "<constants>";

  /**
   * Starts the constant of a value flag that is a class literal: {@code =@java/lang/String}, true
   * where the parameter is that {@code Class} ({@code type == String.class}).
   */
  public static final String CLASS_LITERAL = "@";

  /**
   * Ends the name of a flag that is a boolean getter's result rather than a field: {@code
   * isInTransaction()}, true where {@code p.isInTransaction()} returned true.
   */
  public static final String PREDICATE = "()";

  /**
   * Starts the name of a getter flag ({@link #PREDICATE}) that only the argument's class decides:
   * the method may have changed the object before the test, so what the caller made it with says
   * nothing, but its class still does ({@code ~isConnectionControl()}).
   */
  public static final String BY_CLASS = "~";

  /**
   * Ends the name of a flag that is a reference field's test against null: {@code first!}, true
   * where {@code p.first} was found not null.
   */
  public static final String SET = "!";

  /**
   * The constant of a value flag that tests a reference parameter against {@code null} ({@code
   * =null}): decided where a caller passes {@code null} or an object it just made.
   */
  public static final String NULL = "null";
}
