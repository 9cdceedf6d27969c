package dev.lockorder.ir;

/**
 * A boolean field of a parameter (by position, {@code this} first in instance methods) that every
 * path to a node found {@code value}: {@code if (!optimizedDispatch) wakeup();}. Only fields the
 * method never writes are read this way.
 *
 * @param field the field's name
 */
public record FlagGuard(int param, String field, boolean value) implements Guard {}
