package dev.lockorder.summary;

import java.util.Set;

/** Where the objects of a field come from: the one field they were made for, and fields' declared classes. */
final class FieldHomes {
  private FieldHomes() {}

  /**
   * The field that every object in field {@code declarer.name} was first stored in, when they all
   * come from one allocation site stored straight into one field: a lock made once and handed to
   * several objects' constructors is one lock class, as lockdep names a lock by its init site,
   * however each holder names it. Null otherwise, or when that field is this one.
   */
  static String homeOf(Program program, String declarer, String name) {
    TypeSet s = program.typeFlow().fieldTypes(declarer, name);
    if (s == null || s.isAny() || s.ids().length != 1) {
      return null;
    }
    String site = program.typeFlow().siteOf(s.ids()[0]);
    // The site's object must fit the field: a condition made by lock.newCondition() flows from
    // the lock's site (a JDK call's result may be its receiver), but it is not the lock.
    String declared = declaredType(program, declarer, name);
    String siteType = site == null ? null : program.typeFlow().classOf(s.ids()[0]);
    if (declared == null || siteType == null || !program.typeFlow().isSubtype(siteType, declared)) {
      return null;
    }
    Set<String> homes = program.typeFlow().homesOf(site);
    if (homes.size() != 1) {
      return null;
    }
    String home = homes.iterator().next();
    return home.equals(declarer + "." + name) ? null : home;
  }

  /** The declared class of {@code field} ({@code declarer.name}), or null for an array, a primitive or an unknown field. */
  static String declaredType(Program program, String field) {
    int dot = field.lastIndexOf('.');
    return declaredType(program, field.substring(0, dot), field.substring(dot + 1));
  }

  /** The declared class of field {@code decl.name}, or null for an array, a primitive or an unknown field. */
  static String declaredType(Program program, String decl, String name) {
    var ci = program.classInfo(decl);
    var info = ci == null ? null : ci.fields().get(name);
    return info == null || !info.desc().startsWith("L") ? null : info.desc().substring(1, info.desc().length() - 1);
  }
}
