package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.Val;

/**
 * A lock as one method sees it: the kind of lock and the value that identifies it, in terms of
 * that method's parameters. For pseudo-locks the value is the executor or the task.
 */
record LockRef(LockClass.Kind kind, Val val) {}
