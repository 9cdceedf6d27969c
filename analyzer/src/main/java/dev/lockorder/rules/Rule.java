package dev.lockorder.rules;

import dev.lockorder.Version;

/** A rule the analyzer can raise. Each implementation is one final class carrying {@link RuleInfo}. */
public interface Rule {
  default RuleInfo info() {
    RuleInfo info = getClass().getAnnotation(RuleInfo.class);
    if (info == null) {
      throw new IllegalStateException(getClass() + " lacks @RuleInfo");
    }
    return info;
  }

  /** The readable name, e.g. {@code LockOrderCycle}: see {@link RuleInfo#id()}. */
  default String id() {
    return info().id();
  }

  /** The opaque id, e.g. {@code LO1001}: see {@link RuleInfo#code()}. */
  default String code() {
    return info().code();
  }

  /** The rule's page in the repository, {@code docs/rules/<name>.md}. */
  default String helpUri() {
    return Version.URI + "/blob/main/docs/rules/" + id() + ".md";
  }
}
