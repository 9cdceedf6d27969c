package dev.lockorder.summary;

import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.FlagGuard;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values an int field of an object can hold, per allocation site: what the constructor chain
 * called there stores, given the constants it is passed (a store under a flag of a constructor
 * parameter, {@code case 2: direction = 2;}, is left out where the site passes another constant),
 * the constants any other method stores, and the default 0. derby's {@code Scan} gets its direction
 * from the start kind {@code openBackwardsScan} passes (2 or 4, both backward), and {@code close}
 * resets it to 0, so {@code getNextRecord}'s forward branch ({@code scanDirection == 1}) never runs
 * on a scan made there. Known only when every store into the field is a constant, or a
 * constructor's store into its own object of a constant or a parameter.
 */
final class SiteCodes {
  private static final int MAX_CHAIN = 8;
  private static final int MAX_SITES = 16;

  private final Program program;
  private final Map<String, Optional<Set<Integer>>> memo = new HashMap<>();

  SiteCodes(Program program) {
    this.program = program;
  }

  /** Whether the field's values are known per allocation site (see the class comment). */
  static boolean decidable(Program program, String decl, String name) {
    List<FieldStore> stores = program.storesOf(decl, name);
    return !stores.isEmpty() && stores.stream().allMatch(st -> isInt(st.value())
        || st.byOwnConstructor() && st.value() instanceof Val.Param);
  }

  /**
   * The value flag {@code name=c} on {@code actual}, a value in {@code in}'s terms, by the
   * allocation sites the type flow says it comes from: false where no site can hold {@code c},
   * true where all hold only {@code c}; null when not known.
   */
  Boolean value(Val actual, MethodRef in, String name, int c) {
    List<String[]> sites = new ArrayList<>(); // site, class
    if (actual instanceof Val.New n && n.site() != null) {
      sites.add(new String[] {n.site(), n.type()});
    } else {
      TypeFlow flow = program.typeFlow();
      TypeSet ts = flow.typesOf(actual, in);
      if (ts.isAny() || ts.isEmpty() || ts.ids().length > MAX_SITES) {
        return null;
      }
      for (int id : ts.ids()) {
        String site = flow.siteOf(id);
        if (site == null) {
          return null; // an object of a class, not of a site: made where the inputs do not show
        }
        sites.add(new String[] {site, flow.classOf(id)});
      }
    }
    Set<Integer> all = new TreeSet<>();
    for (String[] s : sites) {
      String decl = program.fieldDeclarer(s[1], name);
      Set<Integer> got = decl == null ? null
          : memo.computeIfAbsent(s[0] + " " + decl + "." + name, k -> Optional.ofNullable(at(s[0], decl, name)))
              .orElse(null);
      if (got == null) {
        return null;
      }
      all.addAll(got);
    }
    return !all.contains(c) ? Boolean.FALSE : all.size() == 1 ? Boolean.TRUE : null;
  }

  /** The values field {@code decl.name} of an object made at {@code site} may hold; null when unknown. */
  private Set<Integer> at(String site, String decl, String name) {
    if (!decidable(program, decl, name)) {
      return null;
    }
    Set<Integer> out = new TreeSet<>();
    out.add(0);
    for (FieldStore st : program.storesOf(decl, name)) {
      if (!st.byOwnConstructor()) {
        out.add((Integer) ((Val.Const) st.value()).value());
      }
    }
    List<Op.Invoke> ctors = program.sites().ctorCalls(site);
    if (ctors.size() != 1) {
      return null;
    }
    Op.Invoke init = ctors.get(0);
    List<Integer> args = new ArrayList<>();
    for (Val a : init.args()) {
      args.add(isInt(a) ? (Integer) ((Val.Const) a).value() : null);
    }
    return filled(init.method(), args, decl, name, MAX_CHAIN, out) ? out : null;
  }

  /**
   * Adds what constructor {@code ctor}, passed {@code args} (null where not a constant), and the
   * constructors it chains to store into the field; false when a store's value is not known.
   */
  private boolean filled(MethodRef ctor, List<Integer> args, String decl, String name, int depth, Set<Integer> out) {
    MethodFacts mf = program.facts(ctor);
    if (mf == null) {
      return true; // Object's or a library's constructor: it sets none of the program's fields
    }
    if (depth < 0) {
      return false;
    }
    for (FieldStore st : mf.stores()) {
      if (!st.name().equals(name) || !st.byOwnConstructor() || !decl.equals(program.fieldDeclarer(st.owner(), name))
          || ruledOut(st.when(), args)) {
        continue;
      }
      Integer v = st.value() instanceof Val.Param p ? (p.index() < args.size() ? args.get(p.index()) : null)
          : isInt(st.value()) ? (Integer) ((Val.Const) st.value()).value() : null;
      if (v == null) {
        return false;
      }
      out.add(v);
    }
    for (Node n : mf.nodes()) {
      if (n.op() instanceof Op.Invoke inv && inv.kind().equals("special") && inv.method().name().equals("<init>")
          && !inv.args().isEmpty() && inv.args().get(0) instanceof Val.Param self && self.index() == 0) {
        List<Integer> up = new ArrayList<>();
        for (Val a : inv.args()) {
          up.add(isInt(a) ? (Integer) ((Val.Const) a).value()
              : a instanceof Val.Param p && p.index() < args.size() ? args.get(p.index()) : null);
        }
        if (!filled(inv.method(), up, decl, name, depth - 1, out)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a constant argument contradicts one of the flags a store is made under. */
  private static boolean ruledOut(List<FlagGuard> when, List<Integer> args) {
    for (FlagGuard g : when) {
      if (g.field().startsWith("=" + FlagGuard.ENUM_CASE) || g.field().startsWith("=" + FlagGuard.CLASS_LITERAL)
          || g.field().equals("=" + FlagGuard.NULL)
          || g.param() >= args.size() || args.get(g.param()) == null) {
        continue;
      }
      if ((args.get(g.param()) == Integer.parseInt(g.field().substring(1))) != g.value()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInt(Val v) {
    return v instanceof Val.Const c && c.value() instanceof Integer;
  }
}
