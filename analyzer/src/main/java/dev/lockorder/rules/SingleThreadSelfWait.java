package dev.lockorder.rules;

/** A task that waits for another task of its own single-thread executor. */
@RuleInfo(
    id = "SingleThreadSelfWait",
    code = "LO1004",
    summary = "A task waits for work queued on its own single-thread executor",
    description = "A single-thread executor runs one task at a time. A task that waits for another task "
        + "of the same executor (Future.get, join, or a flush) waits for work that can only start after it "
        + "returns.",
    fix = "Run the inner work directly, or submit it to a different executor.",
    example = "exec.submit(() -> exec.submit(work).get());   // exec = newSingleThreadExecutor()")
public final class SingleThreadSelfWait implements Rule {}
