package dev.lockorder.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder SARIF URIs are relative to. Code scanning resolves a relative URI against the root of
 * the repository it analyzes, so the default is the git root: the nearest folder, upward, that
 * holds a {@code .git} folder (a clone) or file (a worktree or submodule). A build whose pom is
 * below that root would otherwise write paths that match no file of the repository.
 */
public final class RepoRoot {
  private RepoRoot() {}

  /** The git root at or above {@code start}, or null when there is none. */
  public static Path gitRoot(Path start) {
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return p;
      }
    }
    return null;
  }

  /** The git root at or above {@code start}, else {@code fallback}. */
  public static Path of(Path start, Path fallback) {
    Path git = gitRoot(start);
    return git != null ? git : fallback.toAbsolutePath().normalize();
  }
}
