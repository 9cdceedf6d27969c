package dev.lockorder.ir;

/**
 * A test every path to a node passed on its false side: parameter {@code param} (by position,
 * {@code this} first in instance methods) is not an instance of {@code type} ({@code if (p
 * instanceof Own) { ... } else { p.length(); }}). A call made there on that parameter never runs a
 * method of {@code type} or of its subclasses.
 */
public record NotTypeGuard(int param, String type) implements Guard {}
