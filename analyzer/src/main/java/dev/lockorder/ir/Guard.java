package dev.lockorder.ir;

/** A test that every path to a node passed on one side: what the node does depends on it. */
public sealed interface Guard permits TypeGuard, NotTypeGuard, FlagGuard {}
