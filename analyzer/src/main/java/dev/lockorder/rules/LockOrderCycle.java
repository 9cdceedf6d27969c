package dev.lockorder.rules;

/** Lock classes acquired in an order that forms a cycle. */
@RuleInfo(
    id = "LockOrderCycle",
    code = "LO1001",
    summary = "Locks are acquired in an order that can deadlock",
    description = "Each lock class in the chain is acquired while the previous one is held, and the last "
        + "is held while the first is acquired. Threads that follow different edges of the chain at once "
        + "wait for each other forever. Pseudo-locks stand for waiting on other work: flushing an executor "
        + "acquires (completion) of that executor, and waiting for one task acquires (work) of that task, "
        + "while every task runs holding both.",
    fix = "Acquire the locks in one global order, or release the held lock before waiting for work that "
        + "takes it.",
    example = "synchronized (a) { synchronized (b) { } }   // thread 1\n"
        + "synchronized (b) { synchronized (a) { } }   // thread 2")
public final class LockOrderCycle implements Rule {}
