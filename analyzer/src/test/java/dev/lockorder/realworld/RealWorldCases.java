package dev.lockorder.realworld;

import java.util.List;
import java.util.Set;

/**
 * Lock-order deadlocks documented in public bug trackers, each in a release on Maven Central and
 * fixed in a later one. The jars are fetched by the {@code realworld} profile in
 * {@code analyzer/pom.xml}; keep its list in step with this one.
 */
final class RealWorldCases {
  private RealWorldCases() {}

  static final List<RealWorldCase> ALL = List.of();
}
