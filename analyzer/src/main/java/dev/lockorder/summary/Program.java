package dev.lockorder.summary;

import dev.lockorder.ir.ClassInfo;
import dev.lockorder.ir.FieldStore;
import dev.lockorder.ir.MethodFacts;
import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Node;
import dev.lockorder.ir.Op;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole program as the summary stage sees it: classes, method facts, the hierarchy, which
 * types are instantiated, and what each field may hold. Read-only once built.
 */
public final class Program {
  /** Call sites with more targets than this are cut (and counted); see analyzer/README.md. */
  public static final int MAX_TARGETS = 4;

  /**
   * Call sites that the classes flowing to the receiver still send to more methods than this are
   * cut too (and counted): a receiver reached by that many classes is a hub (a visitor, a codec
   * registry), and following every target cost 2x the time on spark-core's closure.
   */
  public static final int MAX_FLOW_TARGETS = 16;

  private final Map<String, ClassInfo> classes;
  private final Map<MethodRef, MethodFacts> methods;
  private final Set<String> instantiated = new HashSet<>();
  private final Map<String, List<Val.Lambda>> lambdasByType = new TreeMap<>();
  /** By declarer, then name: looked up without building a key string. */
  private final Map<String, Map<String, List<FieldStore>>> storesByField = new HashMap<>();
  private final FieldDeclarers declarers;
  private final AllocationSites sites = new AllocationSites();
  private final MadeObjects made = new MadeObjects();
  private final Map<MethodRef, List<FieldStore>> handleStores = new HashMap<>();
  private final Map<String, Set<String>> supertypes = new HashMap<>();
  private final Set<String> missing = new TreeSet<>();
  private final JdkTypes jdk = new JdkTypes();
  private final MethodResolution resolution = new MethodResolution(this);
  private final Embeddings embeddings;
  private final Dispatch dispatch;
  private final FirstPass pass = new FirstPass();

  public Program(Map<String, ClassInfo> classes, Map<MethodRef, MethodFacts> methods) {
    this.classes = classes;
    this.methods = methods;
    this.declarers = new FieldDeclarers(classes, jdk);
    for (MethodFacts mf : methods.values()) {
      for (Node n : mf.nodes()) {
        if (n.op() instanceof Op.Invoke inv) {
          Val.New nw = inv.method().name().equals("<init>") && !inv.args().isEmpty()
              && inv.args().get(0) instanceof Val.New v ? v : null;
          if (nw != null) {
            instantiated.add(nw.type());
            sites.add(nw, inv, mf.ref());
          }
          for (Val a : inv.args()) {
            collectLambdas(a);
          }
          made.call(inv);
          pass.invoke(mf, inv, nw);
        } else if (n.op() instanceof Op.Return r && r.value() != null) {
          made.returned(r.value());
          collectLambdas(r.value());
        }
      }
      mf.stores().forEach(this::index);
      pass.stores(mf);
    }
    List<FieldStore> viaHandles = HandleStores.of(pass.handleCalls(), this::storesOf);
    viaHandles.forEach(this::index);
    viaHandles.forEach(st -> handleStores.computeIfAbsent(st.method(), k -> new ArrayList<>()).add(st));
    CodeFlags.keepDecidable(this, methods);
    this.embeddings = new Embeddings(this, methods.values(), pass.allocated());
    this.dispatch = new Dispatch(this);
  }

  private void index(FieldStore st) {
    made.stored(st);
    storesByField.computeIfAbsent(fieldDeclarer(st.owner(), st.name()), k -> new HashMap<>())
        .computeIfAbsent(st.name(), k -> new ArrayList<>()).add(st);
    collectLambdas(st.value());
  }

  private void collectLambdas(Val v) {
    // A lambda is listed under its own type only: one set tells whether it is there, where a scan of
    // the list made a closure with thousands of lambdas of one interface quadratic.
    if (v instanceof Val.Lambda l && lambdasSeen.add(l)) {
      lambdasByType.computeIfAbsent(l.type(), k -> new ArrayList<>()).add(l);
    }
  }

  private final Set<Val.Lambda> lambdasSeen = new HashSet<>();

  /** Every lambda or method reference in the program whose code is {@code impl}, with what it captured. */
  public List<Val.Lambda> lambdasCapturing(MethodRef impl) {
    return lambdasByType.values().stream().flatMap(List::stream).filter(l -> l.impl().equals(impl)).toList();
  }

  public Map<String, ClassInfo> classes() {
    return classes;
  }

  public Collection<MethodFacts> methods() {
    return methods.values();
  }

  public MethodFacts facts(MethodRef m) {
    return methods.get(m);
  }

  public ClassInfo classInfo(String name) {
    return classes.get(name);
  }

  /** Referenced classes found nowhere, for the run's summary. */
  public Set<String> missing() {
    return missing;
  }

  public boolean isApplication(String cls) {
    ClassInfo ci = classes.get(cls);
    return ci != null && !ci.library();
  }

  /** The instance fields whose stores put a fresh object of {@code type} there. */
  public Set<String> embeddingsOf(String type) {
    return embeddings.of(type);
  }

  /** Every value stored into the field {@code declarer.name}. */
  public List<FieldStore> storesOf(String declarer, String name) {
    return storesByField.getOrDefault(declarer, Map.of()).getOrDefault(name, List.of());
  }

  /**
   * What a value may be: for a field, every value stored into it (in the storing method's terms);
   * otherwise the value itself. Used to find where executors, semaphores and tasks come from.
   */
  public List<Val> valuesOf(Val v) {
    List<Val> out = new ArrayList<>();
    if (v instanceof Val.Field f) {
      storesOf(fieldDeclarer(f.owner(), f.name()), f.name()).forEach(st -> out.add(st.value()));
    } else if (v instanceof Val.Static s) {
      storesOf(fieldDeclarer(s.owner(), s.name()), s.name()).forEach(st -> out.add(st.value()));
    } else {
      out.add(v);
    }
    return out;
  }

  /** A method's field stores, with those it makes through handles and updaters ({@link HandleStores}). */
  public List<FieldStore> storesIn(MethodFacts mf) {
    List<FieldStore> h = handleStores.get(mf.ref());
    return h == null ? mf.stores() : java.util.stream.Stream.concat(mf.stores().stream(), h.stream()).toList();
  }

  /** Whether some method stores objects of allocation site {@code n} into a field ({@link MadeObjects}). */
  public boolean storedInField(Val.New n) {
    return made.storedInField(n);
  }

  /** Whether {@code v} is a factory's new object that never leaves the method making it. */
  public boolean keptWhereMade(Val v) {
    return made.keptWhereMade(v);
  }

  /**
   * The stores into field {@code declarer.name} of an object when every one that stores an object
   * is a constructor's, on the object it builds; null otherwise or when there are none. A store of
   * {@code null} anywhere (a {@code close()} dropping what it wrapped) puts no object there and is
   * left out.
   */
  public List<FieldStore> constructorStores(String declarer, String name) {
    List<FieldStore> stores = storesOf(declarer, name);
    List<FieldStore> out = new ArrayList<>(stores.size());
    for (FieldStore st : stores) {
      if (Val.isNull(st.value())) {
        continue;
      }
      if (!st.byOwnConstructor()) {
        return null;
      }
      out.add(st);
    }
    return out.isEmpty() ? null : out;
  }

  /** The inputs' allocation sites: constructor calls, sites of a class, allocating methods. */
  public AllocationSites sites() {
    return sites;
  }

  /** The class that declares field {@code name}, searching up from {@code owner}. */
  public String fieldDeclarer(String owner, String name) {
    return declarers.of(owner, name);
  }

  /** The fields a store other than a constructor's into its own object changes ({@link Flags#changedLater}). */
  Set<String> fieldsChangedLater() {
    return indexes().changedLater();
  }

  private FactIndexes indexes;

  /** Starts the indexes of the facts alone on a second thread ({@link FactIndexes}); else each is made on first ask. */
  public void indexAhead(boolean secondThread) {
    indexes = new FactIndexes(this, secondThread);
  }

  FactIndexes indexes() {
    return indexes == null ? indexes = new FactIndexes(this, false) : indexes;
  }

  /** The JDK's own types, as its class files tell. */
  JdkTypes jdk() {
    return jdk;
  }

  /** Every supertype of {@code cls}, itself included, as far as the classes read tell. */
  public Set<String> supertypes(String cls) {
    Set<String> cached = supertypes.get(cls);
    if (cached != null) {
      return cached;
    }
    Set<String> out = new LinkedHashSet<>();
    List<String> work = new ArrayList<>();
    work.add(cls);
    while (!work.isEmpty()) {
      String c = work.remove(work.size() - 1);
      if (c == null || !out.add(c)) {
        continue;
      }
      ClassInfo ci = classes.get(c);
      if (ci == null) {
        // The JDK's own supertypes are not followed here, so the class hierarchy does not see a
        // subclass of FilterOutputStream as an OutputStream (following them pushed many calls past
        // the four-target cut); objects the flow knows do (Outside.jdkOnlySubtypes).
        if (!c.isEmpty() && !c.startsWith("[") && !JdkTypes.jdkName(c) && !Captures.isBoundClass(c)) {
          missing.add(c);
        }
        continue;
      }
      work.add(ci.superName());
      work.addAll(ci.interfaces());
    }
    supertypes.put(cls, out);
    return out;
  }

  public boolean isSubtype(String cls, String of) {
    return cls.equals(of) || supertypes(cls).contains(of);
  }

  /**
   * Whether one object can be of both types: one is a subtype of the other, or either is an
   * interface (a subclass may implement it). Unknown types are given the benefit of the doubt.
   */
  public boolean mayBeBoth(String a, String b) {
    if (isSubtype(a, b) || isSubtype(b, a)) {
      return true;
    }
    ClassInfo ca = classes.get(a);
    ClassInfo cb = classes.get(b);
    return ca == null || cb == null || ca.isInterface() || cb.isInterface();
  }

  /** Whether the method is static (it has no receiver); false when unknown. */
  public boolean isStaticMethod(MethodRef m) {
    MethodFacts f = methods.get(m);
    return f != null && f.isStatic();
  }

  /** The method with this signature that {@code cls} inherits or declares, as the JVM selects it. */
  public MethodRef resolve(String cls, String name, String desc) {
    return resolution.resolve(cls, name, desc);
  }

  /**
   * The methods with code that a call may reach, by the class hierarchy and the types the program
   * allocates (see {@link Dispatch}); call sites with more than {@link #MAX_TARGETS} are cut.
   */
  public List<MethodRef> targets(Op.Invoke inv) {
    return dispatch.targets(inv);
  }

  /**
   * Whether a call may reach code of the inputs by the class hierarchy alone, however many methods:
   * {@link #targets(Op.Invoke)} answers none for a call it cuts, which reaches many.
   */
  boolean reachesInputs(Op.Invoke inv) {
    return !dispatch.all(inv.method(), inv.kind()).isEmpty();
  }

  /**
   * The methods a call made in method {@code in} may reach, narrowed by the classes that flow to
   * its receiver ({@link TypeFlow}).
   */
  public List<MethodRef> targets(Op.Invoke inv, MethodRef in) {
    return dispatch.targets(inv, in);
  }

  /**
   * Whether {@link #targets(Op.Invoke, MethodRef)} sent the call to several methods by the class
   * hierarchy alone, with no object seen reaching its receiver: a path through it is a guess.
   */
  public boolean guessed(Op.Invoke inv) {
    return dispatch.guessed(inv);
  }

  /** Whether the call's several targets are those of every object seen in a container's contents. */
  public boolean elementGuessed(Op.Invoke inv) {
    return dispatch.elementGuessed(inv);
  }

  /** The application methods that the classes in {@code types} run for a call to {@code m}. */
  List<MethodRef> resolveTypes(TypeSet types, MethodRef m) {
    return dispatch.resolve(types, m);
  }

  /** Every known class that is {@code type} or one of its subtypes, abstract ones too, in name order. */
  List<String> subtypes(String type) {
    return dispatch.subtypes(type);
  }

  /** Every known concrete class that is {@code type} or one of its subtypes, in name order. */
  List<String> concreteSubtypes(String type) {
    return dispatch.concreteSubtypes(type);
  }

  /** Which classes flow where; built on first use. */
  TypeFlow typeFlow() {
    return dispatch.flow();
  }

  private CallGraph callGraph;

  /** Who calls whom; built on first use, once: the summaries and the rules that ask share it. */
  CallGraph callGraph() {
    if (callGraph == null) {
      callGraph = new CallGraph(this);
    }
    return callGraph;
  }

  private CtorFields ctorFields;

  /** Which constructor parameters fill which fields: one reader, whose memos every rule shares. */
  CtorFields ctorFields() {
    return ctorFields == null ? ctorFields = new CtorFields(this) : ctorFields;
  }

  /** The methods whose call sites were cut for having too many targets, for the run's notes. */
  public Set<MethodRef> cutCalls() {
    return dispatch.cutCalls();
  }

  boolean isInstantiated(String cls) {
    return instantiated.contains(cls);
  }

  /** Per class, the classes whose code first touches it ({@link FirstPass}). */
  Map<String, Set<String>> touchers() {
    return pass.touchers();
  }

  /** The code of each lambda handed to a call or stored, in walk order, repeats kept ({@link FirstPass}). */
  List<MethodRef> lambdaImplsInOrder() {
    return pass.lambdaImpls();
  }

  /** Every lambda and method reference, by its functional interface. */
  Map<String, List<Val.Lambda>> lambdasByType() {
    return lambdasByType;
  }

  /** By identity, key and value side by side (references are shared; a test's own is computed again). */
  private final Map<MethodRef, Models.Effect> effects = new java.util.IdentityHashMap<>();

  /** What a call does to locks and work, computed once per method reference. */
  Models.Effect effect(MethodRef m) {
    Models.Effect e = effects.get(m);
    if (e == null) {
      e = Models.effect(this, m);
      effects.put(m, e);
    }
    return e;
  }
}
