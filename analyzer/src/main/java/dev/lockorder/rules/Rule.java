package dev.lockorder.rules;

/** A rule the analyzer can raise. Each implementation is one final class carrying {@link RuleInfo}. */
public interface Rule {
  default RuleInfo info() {
    RuleInfo info = getClass().getAnnotation(RuleInfo.class);
    if (info == null) {
      throw new IllegalStateException(getClass() + " lacks @RuleInfo");
    }
    return info;
  }

  default String id() {
    return info().id();
  }
}
