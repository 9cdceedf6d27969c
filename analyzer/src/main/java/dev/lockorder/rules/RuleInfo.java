package dev.lockorder.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Metadata of a rule: the SARIF rule entry and the docs are generated from it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
  /** Stable id, used in reports, suppressions and baselines. Never rename; add an alias instead. */
  String id();

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
