package dev.lockorder.ir;

import java.util.List;
import java.util.Objects;

/**
 * A symbolic value: what an operand of a lock, call or store is, as an access path over the
 * method's parameters, statics and allocations. Values are immutable and compared structurally,
 * so the dataflow reaches a fixpoint and results are deterministic.
 *
 * <p>Every value knows its static type (an internal name, or a descriptor for primitives and
 * arrays), which is the fallback lock class when its identity is unknown.
 */
public sealed interface Val {

  /** Internal name of the static type ({@code java/lang/Object} when unknown). */
  String type();

  /** Nesting depth; paths deeper than {@link #MAX_DEPTH} become {@link Unknown}. */
  int depth();

  int MAX_DEPTH = 4;

  /** Parameter {@code index} (0 is {@code this} in instance methods), by position, not slot. */
  record Param(int index, String type) implements Val {
    public int depth() { return 0; }
  }

  /** A static field. */
  record Static(String owner, String name, String type) implements Val {
    public int depth() { return 0; }
  }

  /**
   * A field of another value. {@code owner} is the class named in the bytecode. A class, not a
   * record, for one reason: paths are hashed at every map lookup of the type flow and the
   * summaries, and a record cannot keep its hash; equality, hash and text are a record's.
   */
  final class Field implements Val {
    private final Val base;
    private final String owner;
    private final String name;
    private final String type;
    private final int hash;
    private final int depth;

    public Field(Val base, String owner, String name, String type) {
      this.base = base;
      this.owner = owner;
      this.name = name;
      this.type = type;
      this.hash = Records.hash(base, owner, name, type);
      this.depth = base.depth() + 1;
    }

    public Val base() { return base; }

    public String owner() { return owner; }

    public String name() { return name; }

    @Override
    public String type() { return type; }

    public int depth() { return depth; }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Field f && f.hash == hash && Objects.equals(f.name, name)
          && Objects.equals(f.owner, owner) && Objects.equals(f.type, type) && Objects.equals(f.base, base);
    }

    @Override
    public int hashCode() { return hash; }

    @Override
    public String toString() {
      return "Field[base=" + base + ", owner=" + owner + ", name=" + name + ", type=" + type + "]";
    }
  }

  /** An element of an array value. */
  record Elem(Val array, String type) implements Val {
    public int depth() { return array.depth() + 1; }
  }

  /** A {@code Foo.class} literal. */
  record ClassLit(String className) implements Val {
    public String type() { return "java/lang/Class"; }
    public int depth() { return 0; }
  }

  /** An object allocated at {@code site} (method plus instruction index). */
  record New(String type, String site) implements Val {
    public int depth() { return 0; }

    /** Whether the allocation is in method {@code m} (its site is {@code m@index}); no string is built. */
    public boolean madeIn(MethodRef m) {
      if (site == null) {
        return false;
      }
      int at = m.owner().length();
      int desc = at + 1 + m.name().length();
      int end = desc + m.desc().length();
      return site.length() > end && site.charAt(end) == '@' && site.startsWith(m.owner()) && site.charAt(at) == '.'
          && site.startsWith(m.name(), at + 1) && site.startsWith(m.desc(), desc);
    }
  }

  /** An int, long or string constant (for pool sizes and names). */
  record Const(Object value, String type) implements Val {
    public int depth() { return 0; }
  }

  /**
   * The result of a call, kept symbolic so that models and getter summaries can interpret it.
   * {@code site} is null but for a factory known to return a new object on every call (an executor
   * factory): then two calls are two objects, however alike.
   */
  final class Call implements Val {
    private final MethodRef method;
    private final List<Val> args;
    private final String type;
    private final String site;
    private final int hash;
    private final int depth;

    public Call(MethodRef method, List<Val> args, String type, String site) {
      this.method = method;
      this.args = List.copyOf(args);
      this.type = type;
      this.site = site;
      this.hash = Records.hash(method, this.args, type, site);
      int d = 0;
      for (Val a : this.args) {
        d = Math.max(d, a.depth());
      }
      this.depth = d + 1;
    }

    public Call(MethodRef method, List<Val> args, String type) {
      this(method, args, type, null);
    }

    public MethodRef method() { return method; }

    public List<Val> args() { return args; }

    @Override
    public String type() { return type; }

    public String site() { return site; }

    public int depth() {
      return depth;
    }

    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Call c && c.hash == hash && Objects.equals(c.method, method)
          && Objects.equals(c.type, type) && Objects.equals(c.site, site) && c.args.equals(args);
    }

    @Override
    public int hashCode() { return hash; }

    @Override
    public String toString() {
      return "Call[method=" + method + ", args=" + args + ", type=" + type + ", site=" + site + "]";
    }
  }

  /**
   * A lambda or method reference: calling its functional method calls {@code impl} with the
   * captured values first.
   *
   * @param sam the name of the functional interface's method, e.g. {@code run}
   */
  record Lambda(MethodRef impl, int implTag, String sam, List<Val> captures, String type) implements Val {
    public Lambda {
      captures = List.copyOf(captures);
    }

    public int depth() {
      int d = 0;
      for (Val a : captures) {
        d = Math.max(d, a.depth());
      }
      return d + 1;
    }
  }

  /**
   * In a method's summary: the object the method returns. A lock left held on the returned object
   * (a cache's {@code getEntry} that returns its entry locked) is named through it, and each caller
   * puts the call's result in its place.
   */
  record Returned(String type) implements Val {
    public int depth() { return 0; }
  }

  /** The type of the {@code null} constant: an {@link Unknown} of this type is null. */
  String NULL_TYPE = "null";

  /** Whether {@code v} is the {@code null} constant. */
  static boolean isNull(Val v) {
    return v instanceof Unknown u && u.type().equals(NULL_TYPE);
  }

  /**
   * Nothing is known but the type: merged paths, arithmetic, caught exceptions, {@code null}.
   * {@code join} names the frame slot of the join that made it, whose values the method's facts
   * keep ({@link MethodFacts#mergedAt}); -1 when none.
   */
  record Unknown(String type, int join) implements Val {
    public Unknown(String type) {
      this(type, -1);
    }

    public int depth() { return 0; }
  }

  /**
   * The same value seen at a more specific type: after a cast, or as the receiver of the subclass
   * method a call dispatches to. The type names a monitor when nothing else does, so {@code
   * (Conn) it.next()} locks a {@code Conn}, not an {@code Object}. Parameters, allocations and
   * constants keep their own type: it is already exact, and paths compare by it.
   */
  static Val narrow(Val v, String type) {
    if (type.equals(v.type()) || type.startsWith("[")) {
      return v;
    }
    if (v instanceof Unknown) {
      return new Unknown(type);
    } else if (v instanceof Call c) {
      return new Call(c.method(), c.args(), type, c.site());
    } else if (v instanceof Field f) {
      return new Field(f.base(), f.owner(), f.name(), type);
    } else if (v instanceof Static s) {
      return new Static(s.owner(), s.name(), type);
    } else if (v instanceof Elem e) {
      return new Elem(e.array(), type);
    }
    return v;
  }

  /**
   * Whether two values are the same path seen at different types ({@link #narrow}): the same
   * object, so taking its monitor again is re-entry, not a second lock.
   */
  static boolean samePath(Val a, Val b) {
    if (a.equals(b)) {
      return true;
    }
    if (a instanceof Param x && b instanceof Param y) {
      return x.index() == y.index(); // this, and this seen as the subclass whose override runs
    } else if (a instanceof Field x && b instanceof Field y) {
      return x.base().equals(y.base()) && x.name().equals(y.name()) && x.owner().equals(y.owner());
    } else if (a instanceof Call x && b instanceof Call y) {
      return x.method().equals(y.method()) && x.args().equals(y.args());
    } else if (a instanceof Static x && b instanceof Static y) {
      return x.owner().equals(y.owner()) && x.name().equals(y.name());
    } else if (a instanceof Elem x && b instanceof Elem y) {
      return x.array().equals(y.array());
    }
    return false;
  }

  /**
   * The value with every type and field owner left out: two paths to one object seen at different
   * types (a field read through a subclass, a receiver narrowed at a call) erase to the same value.
   */
  static Val erase(Val v) {
    if (v instanceof Param p) {
      return p.type().isEmpty() ? p : new Param(p.index(), "");
    } else if (v instanceof Field f) {
      return new Field(erase(f.base()), "", f.name(), "");
    } else if (v instanceof Elem e) {
      return new Elem(erase(e.array()), "");
    } else if (v instanceof Static s) {
      return new Static(s.owner(), s.name(), "");
    } else if (v instanceof Call c) {
      return new Call(c.method(), c.args().stream().map(Val::erase).toList(), "", c.site());
    } else if (v instanceof Unknown) {
      return ERASED_UNKNOWN;
    }
    return v;
  }

  /** A root cut off or never known, whatever its type: what erasure makes of every {@link Unknown}. */
  Unknown ERASED_UNKNOWN = new Unknown("");

  /** Whether two values are equal once erased ({@link #erase}), without building the erased values. */
  static boolean sameErased(Val a, Val b) {
    if (a == b) {
      return true;
    }
    if (a instanceof Param x) {
      return b instanceof Param y && x.index() == y.index();
    } else if (a instanceof Field x) {
      return b instanceof Field y && x.name().equals(y.name()) && sameErased(x.base(), y.base());
    } else if (a instanceof Elem x) {
      return b instanceof Elem y && sameErased(x.array(), y.array());
    } else if (a instanceof Static x) {
      return b instanceof Static y && x.owner().equals(y.owner()) && x.name().equals(y.name());
    } else if (a instanceof Unknown) {
      return b instanceof Unknown;
    } else if (a instanceof Call x) {
      if (!(b instanceof Call y) || !x.method().equals(y.method()) || x.args().size() != y.args().size()) {
        return false;
      }
      for (int i = 0; i < x.args().size(); i++) {
        if (!sameErased(x.args().get(i), y.args().get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * Cuts a path to at most {@code max} levels from the root side, so that the fields nearest the
   * lock — which name it — survive: {@code a.b.c.d.lock} becomes {@code ?.c.d.lock}.
   */
  static Val truncate(Val v, int max) {
    if (v.depth() <= max) {
      return v;
    }
    if (max <= 0) {
      return new Unknown(v.type());
    }
    if (v instanceof Field f) {
      return new Field(truncate(f.base(), max - 1), f.owner(), f.name(), f.type());
    }
    if (v instanceof Elem e) {
      return new Elem(truncate(e.array(), max - 1), e.type());
    }
    if (v instanceof Call c) {
      return new Call(c.method(), c.args().stream().map(a -> truncate(a, max - 1)).toList(), c.type(), c.site());
    }
    if (v instanceof Lambda l) {
      return new Lambda(l.impl(), l.implTag(), l.sam(), l.captures().stream().map(a -> truncate(a, max - 1)).toList(),
          l.type());
    }
    return new Unknown(v.type());
  }

  /** {@code v} with {@code from} (compared with types erased) replaced by {@code to}, at the root. */
  static Val rebase(Val v, Val from, Val to) {
    if (erase(v).equals(erase(from))) {
      return to;
    }
    if (v instanceof Field f) {
      Val b = rebase(f.base(), from, to);
      return b == f.base() ? v : new Field(b, f.owner(), f.name(), f.type());
    }
    if (v instanceof Elem e) {
      Val b = rebase(e.array(), from, to);
      return b == e.array() ? v : new Elem(b, e.type());
    }
    return v;
  }

  /** The root of an access path. */
  static Val root(Val v) {
    while (true) {
      if (v instanceof Field f) {
        v = f.base();
      } else if (v instanceof Elem e) {
        v = e.array();
      } else {
        return v;
      }
    }
  }
}
