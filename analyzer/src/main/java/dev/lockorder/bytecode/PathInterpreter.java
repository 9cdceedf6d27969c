package dev.lockorder.bytecode;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Computes, for every stack slot and local, the access path it holds. Paths are k-limited by
 * {@link Val#MAX_DEPTH}; two different paths meeting at a join become {@link Val.Unknown} of their
 * common type (so the analysis is path-insensitive here: a lock chosen by a branch loses its
 * identity, see analyzer/README.md).
 */
final class PathInterpreter extends Interpreter<AVal> {
  /** The factories whose {@code new…} methods return a new object on every call. */
  private static final String FRESH_FACTORIES = "java/util/concurrent/Executors";

  private final String methodKey;
  private final int[] slotToParam;
  private final org.objectweb.asm.tree.InsnList insns;
  private final java.util.Set<Val> merged = new java.util.LinkedHashSet<>();
  private boolean mergedOverflow;
  /** The values that met at each join, for the unknowns made there. */
  final Joins joins = new Joins();

  /** The values that met another at a join and were lost there; null if there were too many to keep. */
  java.util.List<Val> merged() {
    return mergedOverflow ? null : java.util.List.copyOf(merged);
  }

  PathInterpreter(String methodKey, int[] slotToParam, org.objectweb.asm.tree.InsnList insns) {
    super(Opcodes.ASM9);
    this.methodKey = methodKey;
    this.slotToParam = slotToParam;
    this.insns = insns;
  }

  private static AVal of(Val v, int size) {
    return new AVal(v, size);
  }

  private static AVal unknown(Type t) {
    return of(new Val.Unknown(typeName(t)), t.getSize());
  }

  /** Type names are interned: millions of values share a few thousand of them. */
  static String typeName(Type t) {
    return switch (t.getSort()) {
      case Type.OBJECT -> t.getInternalName().intern();
      case Type.ARRAY -> t.getDescriptor().intern();
      default -> t.getDescriptor().intern();
    };
  }

  private static AVal limit(Val v, int size) {
    return of(Val.truncate(v, Val.MAX_DEPTH), size);
  }

  @Override
  public AVal newValue(Type type) {
    if (type == null) {
      return AVal.UNINIT;
    }
    if (type.getSort() == Type.VOID) {
      return null;
    }
    return unknown(type);
  }

  @Override
  public AVal newParameterValue(boolean isInstanceMethod, int local, Type type) {
    int p = local < slotToParam.length ? slotToParam[local] : -1;
    if (p < 0) {
      return unknown(type);
    }
    return of(new Val.Param(p, typeName(type)), type.getSize());
  }

  @Override
  public AVal newEmptyValue(int local) {
    return AVal.UNINIT;
  }

  @Override
  public AVal newExceptionValue(org.objectweb.asm.tree.TryCatchBlockNode tcb,
      org.objectweb.asm.tree.analysis.Frame<AVal> handlerFrame, Type exceptionType) {
    return unknown(exceptionType);
  }

  private String site(AbstractInsnNode insn) {
    return methodKey + "@" + insns.indexOf(insn);
  }

  /**
   * {@code null}: an unknown value of its own type name, so that a caller passing it can be told
   * from one passing an unknown object (the type flow still reads it as any value merged in the
   * method, as it reads an unknown {@code Object}).
   */
  static final Val NULL = new Val.Unknown(Val.NULL_TYPE);

  @Override
  public AVal newOperation(AbstractInsnNode insn) {
    switch (insn.getOpcode()) {
      case Opcodes.ACONST_NULL:
        return of(NULL, 1);
      case Opcodes.ICONST_M1: case Opcodes.ICONST_0: case Opcodes.ICONST_1: case Opcodes.ICONST_2:
      case Opcodes.ICONST_3: case Opcodes.ICONST_4: case Opcodes.ICONST_5:
        return of(new Val.Const(insn.getOpcode() - Opcodes.ICONST_0, "I"), 1);
      case Opcodes.BIPUSH: case Opcodes.SIPUSH:
        return of(new Val.Const(((IntInsnNode) insn).operand, "I"), 1);
      case Opcodes.LCONST_0: case Opcodes.LCONST_1:
        return of(new Val.Const((long) (insn.getOpcode() - Opcodes.LCONST_0), "J"), 2);
      case Opcodes.FCONST_0: case Opcodes.FCONST_1: case Opcodes.FCONST_2:
        return of(new Val.Unknown("F"), 1);
      case Opcodes.DCONST_0: case Opcodes.DCONST_1:
        return of(new Val.Unknown("D"), 2);
      case Opcodes.LDC: {
        Object c = ((LdcInsnNode) insn).cst;
        if (c instanceof Integer i) {
          return of(new Val.Const(i, "I"), 1);
        } else if (c instanceof String s) {
          return of(new Val.Const(s, "java/lang/String"), 1);
        } else if (c instanceof Long l) {
          return of(new Val.Const(l, "J"), 2);
        } else if (c instanceof Double) {
          return of(new Val.Unknown("D"), 2);
        } else if (c instanceof Float) {
          return of(new Val.Unknown("F"), 1);
        } else if (c instanceof Type t && (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY)) {
          return of(new Val.ClassLit(typeName(t)), 1);
        }
        return of(new Val.Unknown("java/lang/Object"), 1);
      }
      case Opcodes.GETSTATIC: {
        FieldInsnNode f = (FieldInsnNode) insn;
        Type t = Type.getType(f.desc);
        return of(new Val.Static(f.owner.intern(), f.name.intern(), typeName(t)), t.getSize());
      }
      case Opcodes.NEW:
        return of(new Val.New(((TypeInsnNode) insn).desc, site(insn)), 1);
      case Opcodes.JSR:
        return AVal.UNINIT;
      default:
        return AVal.UNINIT;
    }
  }

  @Override
  public AVal copyOperation(AbstractInsnNode insn, AVal value) {
    if (insn.getOpcode() == Opcodes.ALOAD && locals != null && value.val() instanceof Val.Unknown u
        && "java/lang/Object".equals(u.type())) {
      // Null met an object at a join (a local set to null, then to a new object in a try): the
      // local's declared type says what it holds, where the class file keeps one.
      String declared = locals.declared(insns.indexOf(insn), ((org.objectweb.asm.tree.VarInsnNode) insn).var);
      if (declared != null) {
        return new AVal(new Val.Unknown(declared, u.join()), value.size());
      }
    }
    return value;
  }

  private LocalTypes locals;
  /** The types each value is tested for with {@code instanceof} somewhere in this method. */
  private final java.util.Map<Val, java.util.Set<String>> tested = new java.util.HashMap<>();

  /** The local variable table's declared types, to narrow what joins made unknown. */
  PathInterpreter locals(LocalTypes l) {
    this.locals = l;
    return this;
  }

  @Override
  public AVal unaryOperation(AbstractInsnNode insn, AVal value) {
    switch (insn.getOpcode()) {
      case Opcodes.GETFIELD: {
        FieldInsnNode f = (FieldInsnNode) insn;
        Type t = Type.getType(f.desc);
        return limit(new Val.Field(value.val(), f.owner.intern(), f.name.intern(), typeName(t)), t.getSize());
      }
      case Opcodes.CHECKCAST: {
        // Generic code erases to Object; the cast says what the value is. So does a cast of a value
        // just tested with instanceof for that type ({@code if (c instanceof A) { Base b = (A) c; }}).
        // Other casts keep the value's own type, which a cast to an interface would only blur.
        Val v = value.val();
        String to = ((TypeInsnNode) insn).desc;
        boolean narrow = "java/lang/Object".equals(v.type()) || Val.NULL_TYPE.equals(v.type())
            || tested.getOrDefault(v, java.util.Set.of()).contains(to);
        return narrow ? new AVal(Val.narrow(v, to), value.size()) : value;
      }
      case Opcodes.INSTANCEOF:
        tested.computeIfAbsent(value.val(), k -> new java.util.HashSet<>()).add(((TypeInsnNode) insn).desc);
        return of(new Val.Unknown("I"), 1);
      case Opcodes.NEWARRAY:
        return of(new Val.New("[?", site(insn)), 1);
      case Opcodes.ANEWARRAY:
        return of(new Val.New("[" + Type.getObjectType(((TypeInsnNode) insn).desc).getDescriptor(), site(insn)), 1);
      case Opcodes.I2L: case Opcodes.F2L: case Opcodes.D2L: case Opcodes.LNEG:
        return of(new Val.Unknown("J"), 2);
      case Opcodes.I2D: case Opcodes.L2D: case Opcodes.F2D: case Opcodes.DNEG:
        return of(new Val.Unknown("D"), 2);
      case Opcodes.IFEQ: case Opcodes.IFNE: case Opcodes.IFLT: case Opcodes.IFGE: case Opcodes.IFGT:
      case Opcodes.IFLE: case Opcodes.TABLESWITCH: case Opcodes.LOOKUPSWITCH: case Opcodes.IRETURN:
      case Opcodes.LRETURN: case Opcodes.FRETURN: case Opcodes.DRETURN: case Opcodes.ARETURN:
      case Opcodes.PUTSTATIC: case Opcodes.ATHROW: case Opcodes.MONITORENTER: case Opcodes.MONITOREXIT:
      case Opcodes.IFNULL: case Opcodes.IFNONNULL:
        return null;
      default:
        return of(new Val.Unknown("I"), 1);
    }
  }

  @Override
  public AVal binaryOperation(AbstractInsnNode insn, AVal value1, AVal value2) {
    switch (insn.getOpcode()) {
      case Opcodes.AALOAD: {
        String arrType = value1.val().type();
        String elem = arrType.startsWith("[L") ? arrType.substring(2, arrType.length() - 1)
            : arrType.startsWith("[") ? arrType.substring(1) : "java/lang/Object";
        return limit(new Val.Elem(value1.val(), elem), 1);
      }
      case Opcodes.LALOAD: case Opcodes.LADD: case Opcodes.LSUB: case Opcodes.LMUL: case Opcodes.LDIV:
      case Opcodes.LREM: case Opcodes.LSHL: case Opcodes.LSHR: case Opcodes.LUSHR: case Opcodes.LAND:
      case Opcodes.LOR: case Opcodes.LXOR:
        return of(new Val.Unknown("J"), 2);
      case Opcodes.DALOAD: case Opcodes.DADD: case Opcodes.DSUB: case Opcodes.DMUL: case Opcodes.DDIV:
      case Opcodes.DREM:
        return of(new Val.Unknown("D"), 2);
      case Opcodes.IF_ICMPEQ: case Opcodes.IF_ICMPNE: case Opcodes.IF_ICMPLT: case Opcodes.IF_ICMPGE:
      case Opcodes.IF_ICMPGT: case Opcodes.IF_ICMPLE: case Opcodes.IF_ACMPEQ: case Opcodes.IF_ACMPNE:
      case Opcodes.PUTFIELD:
        return null;
      default:
        return of(new Val.Unknown("I"), 1);
    }
  }

  @Override
  public AVal ternaryOperation(AbstractInsnNode insn, AVal value1, AVal value2, AVal value3) {
    return null;
  }

  @Override
  public AVal naryOperation(AbstractInsnNode insn, List<? extends AVal> values) {
    int op = insn.getOpcode();
    if (op == Opcodes.MULTIANEWARRAY) {
      return of(new Val.New(((MultiANewArrayInsnNode) insn).desc, site(insn)), 1);
    }
    if (op == Opcodes.INVOKEDYNAMIC) {
      InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
      Type ret = Type.getReturnType(indy.desc);
      if (indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory") && indy.bsmArgs.length >= 2
          && indy.bsmArgs[1] instanceof Handle h) {
        List<Val> caps = new ArrayList<>();
        for (AVal v : values) {
          caps.add(v.val());
        }
        return limit(new Val.Lambda(MethodRef.of(h.getOwner(), h.getName(), h.getDesc()), h.getTag(), indy.name, caps,
            typeName(ret)), 1);
      }
      if (indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory") && indy.bsmArgs.length >= 1
          && indy.bsmArgs[0] instanceof String recipe) {
        // Keep the constant parts of a string concatenation, as a format: "wg-kex-" + name is "wg-kex-%s".
        return of(new Val.Const(recipe.replace("\u0001", "%s").replace("\u0002", "%s"), "java/lang/String"), 1);
      }
      if (ret.getSort() == Type.VOID) {
        return null;
      }
      return unknown(ret);
    }
    MethodInsnNode m = (MethodInsnNode) insn;
    Type ret = Type.getReturnType(m.desc);
    if (ret.getSort() == Type.VOID) {
      return null;
    }
    List<Val> args = new ArrayList<>();
    for (AVal v : values) {
      args.add(v.val());
    }
    if (op == Opcodes.INVOKESTATIC && m.owner.equals("java/util/Objects") && m.name.equals("requireNonNull")
        && !args.isEmpty()) {
      return of(args.get(0), 1); // returns its argument: the same object under the same name
    }
    MethodRef ref = MethodRef.of(m.owner, m.name, m.desc);
    String made = FRESH_FACTORIES.equals(m.owner) && m.name.startsWith("new") ? site(insn) : null;
    return limit(new Val.Call(ref, args, typeName(ret), made), ret.getSize());
  }

  @Override
  public void returnOperation(AbstractInsnNode insn, AVal value, AVal expected) {}

  private void keepMerged(Val v) {
    if (v instanceof Val.Unknown || v.type().length() <= 1 || mergedOverflow) {
      return; // an unknown input's alternatives were kept when it was made; primitives dispatch nothing
    }
    if (merged.add(v) && merged.size() > 64) {
      mergedOverflow = true;
    }
  }

  @Override
  public AVal merge(AVal value1, AVal value2) {
    int at = joins.next();
    if (value1.equals(value2)) {
      return value1;
    }
    if (Val.isNull(value1.val()) && value2.val() instanceof Val.Unknown u && !Val.isNull(u)) {
      return value2; // an unknown object may be null already: nothing lost
    }
    if (Val.isNull(value1.val())) {
      // null met an object: an unknown object, which is what met it here (null adds no class).
      if (at >= 0) {
        joins.keep(at, value2.val(), null);
      }
      return of(new Val.Unknown("java/lang/Object", at), Math.min(value1.size(), value2.size()));
    }
    Val j = PathJoin.of(value1.val(), value2.val());
    if (at >= 0 && j instanceof Val.Unknown u && u.join() < 0 && !Val.isNull(u)) {
      // An unknown already made at a join keeps its join: the other value joins its values (so a
      // join re-merged along straight code is one join, not a chain of them). The value already
      // in the frame wins over the incoming one, so that merging cannot go back and forth.
      int keep = value1.val() instanceof Val.Unknown u1 && u1.join() >= 0 ? u1.join()
          : value2.val() instanceof Val.Unknown u2 && u2.join() >= 0 ? u2.join() : at;
      j = new Val.Unknown(u.type(), keep);
      joins.keep(keep, value1.val(), j);
      joins.keep(keep, value2.val(), j);
    }
    AVal m = of(j, Math.min(value1.size(), value2.size()));
    if (m.equals(value1)) {
      return value1;
    }
    // What a join forgets, the type flow still needs: an unknown value is one of these.
    keepMerged(value1.val());
    keepMerged(value2.val());
    return m;
  }
}
