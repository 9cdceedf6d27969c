package dev.lockorder.rules;

/** A non-reentrant lock taken again by the thread that holds it. */
@RuleInfo(
    id = "NonReentrantReacquire",
    code = "LO1003",
    summary = "A non-reentrant lock is acquired again while it is held",
    description = "StampedLock, a one-permit Semaphore and similar locks have no owner and no hold count. "
        + "A thread that takes one of them again while it holds it blocks itself forever.",
    fix = "Do not call back into code that takes the lock while holding it, or pass the stamp down instead "
        + "of locking again.",
    example = "long s = sl.writeLock();\nsl.readLock();   // blocks forever")
public final class NonReentrantReacquire implements Rule {}
