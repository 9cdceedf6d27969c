package dev.lockorder.realworld;

import java.util.List;
import java.util.Set;

/**
 * A documented lock-order deadlock in a published library: the release that has it, the release
 * that fixed it, and the cycle the bug report describes.
 *
 * @param report the bug report (issue tracker URL)
 * @param buggy the jar of the release with the deadlock, as {@code artifactId-version.jar}
 * @param fixed the jar of the first release with the fix
 * @param classpath library jars the two need to resolve their types (not analyzed for findings)
 * @param includes packages to analyze ({@code --include}); empty for the whole jar
 * @param locks the documented cycle: its lock classes, as the report prints them
 * @param methods methods ({@code Class.method}) the report names; each must appear in the reported
 *     cycle's witnesses, so that the cycle is found the way the bug happens, not by another path
 */
record RealWorldCase(String report, String buggy, String fixed, List<String> classpath, List<String> includes,
    Set<String> locks, List<String> methods) {

  @Override
  public String toString() {
    return report;
  }
}
