package dev.lockorder.ir;

/**
 * A test every path to a node passed on its true side: parameter {@code param} (by position,
 * {@code this} first in instance methods) is an instance of {@code type} ({@code if (e instanceof
 * IOException)}). What the node does happens only for callers that can pass such an object.
 */
public record TypeGuard(int param, String type) implements Guard {}
