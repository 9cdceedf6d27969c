package dev.lockorder.rules;

/** The write lock of a read-write lock taken while its read lock is held. */
@RuleInfo(
    id = "ReadWriteUpgrade",
    code = "LO1002",
    summary = "A read lock is upgraded to the write lock of the same lock",
    description = "ReentrantReadWriteLock does not support upgrading: a thread that holds the read lock and "
        + "asks for the write lock waits for all readers to leave, itself included, and blocks forever.",
    fix = "Release the read lock before taking the write lock, and re-check the state after; or take the "
        + "write lock from the start.",
    example = "rw.readLock().lock();\nrw.writeLock().lock();   // blocks forever")
public final class ReadWriteUpgrade implements Rule {}
