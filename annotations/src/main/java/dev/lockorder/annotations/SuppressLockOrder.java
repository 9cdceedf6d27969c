package dev.lockorder.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Suppresses lockorder findings. On a method or class, findings whose witnesses run through it are
 * dropped; on a lock field, every cycle through that lock class is dropped.
 *
 * <p>Class retention: the analyzer reads it from bytecode, and nothing is kept at run time.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE, ElementType.FIELD})
public @interface SuppressLockOrder {
  /** Rule ids to suppress, for example {@code "LockOrderCycle"}; empty means every rule. */
  String[] value() default {};

  /** Why the finding is not a deadlock. Kept so that reviewers can read it. */
  String justification() default "";
}
