package dev.lockorder;

import java.util.List;

/**
 * Package patterns as users write them: {@code com.example.*} (that package), {@code
 * com.example.**} or {@code com.example} (it and below), {@code com.example.Foo} (one class).
 */
final class PackageFilter {
  private PackageFilter() {}

  static boolean accepts(String internalName, List<String> includes, List<String> excludes) {
    String cls = internalName.replace('/', '.');
    if (!includes.isEmpty() && includes.stream().noneMatch(p -> matches(cls, p))) {
      return false;
    }
    return excludes.stream().noneMatch(p -> matches(cls, p));
  }

  static boolean matches(String cls, String pattern) {
    String p = pattern.trim();
    String pkg = cls.contains(".") ? cls.substring(0, cls.lastIndexOf('.')) : "";
    if (p.endsWith(".**")) {
      String base = p.substring(0, p.length() - 3);
      return pkg.equals(base) || pkg.startsWith(base + ".");
    }
    if (p.endsWith(".*")) {
      return pkg.equals(p.substring(0, p.length() - 2));
    }
    return cls.equals(p) || pkg.equals(p) || pkg.startsWith(p + ".");
  }
}
