package dev.lockorder;

/** The tool's name and version, as reports and --version show them. */
public final class Version {
  public static final String NAME = "lockorder";
  public static final String URI = "https://github.com/lockorder/lockorder";

  private Version() {}

  /** The jar's Implementation-Version, or {@code dev} when run from classes. */
  public static String version() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
