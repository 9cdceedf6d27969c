package dev.lockorder.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Metadata of a rule: the SARIF rule entry and the docs are generated from it. A rule has two
 * identifiers: {@link #id()}, its readable name, and {@link #code()}, the opaque id SARIF asks for
 * (its {@code reportingDescriptor.id}; SARIF1001 wants the two to differ).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
  /**
   * The readable name ({@code LockOrderCycle}): SARIF's rule {@code name}, and the key of text and
   * JSON reports, suppressions, baselines and fingerprints. Never rename it: fingerprints hash it.
   */
  String id();

  /**
   * The opaque, stable id ({@code LO} and four digits, numbered in the order rules were added):
   * SARIF's rule {@code id} and results' {@code ruleId}. Never reuse one; suppressions accept it
   * as well as the name.
   */
  String code();

  /** One line, no trailing period. */
  String summary();

  /** Several sentences: what the rule finds and why it is a deadlock. */
  String description();

  /** The usual fix, in one or two sentences. */
  String fix();

  /** A minimal example of code that the rule reports. */
  String example();

  /** SARIF default level: error, warning or note. */
  String level() default "error";

  String[] tags() default {"concurrency", "deadlock"};
}
