package dev.lockorder.graph;

/**
 * A lock held at the moment of an acquisition.
 *
 * @param lock the lock class
 * @param mode how it is held
 * @param acquiredAt where it was taken, outermost frame first
 */
public record HeldLock(LockClass lock, Mode mode, Witness acquiredAt) {}
