package dev.lockorder.bytecode;

import dev.lockorder.ir.FlagGuard;
import dev.lockorder.ir.Guard;
import dev.lockorder.ir.Val;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Tests of an int or boolean parameter against a constant: {@code switch (event)}, {@code if (mode
 * == CLOSE)}, {@code if (force)}; of a parameter against an enum constant or a class literal
 * ({@code if (type == BundleContext.class)}, an OSGi {@code adapt}). Each side is a flag named {@code =c} ({@link FlagGuard}): true
 * where the parameter is {@code c}, false where it is not. A caller that passes a constant decides
 * it (see the summary stage's flags): the branch for another event never runs from there. A test
 * of an int field of a parameter ({@code switch (type.code)}) is a flag named {@code code=c}, which
 * a caller passing an object whose constructor set that code decides.
 */
final class ConstantTests {
  /** A switch's default side says "not c" for at most this many cases (more only keep more). */
  private static final int MAX_CASES = 4;

  private ConstantTests() {}

  /**
   * Adds the tests and guards of instruction {@code i} when it tests a parameter against a
   * constant; false when it does not.
   */
  static boolean add(InsnList insns, int i, Frame<AVal>[] frames, List<int[]> tests, List<Guard> guards) {
    AbstractInsnNode insn = insns.get(i);
    Frame<AVal> f = frames[i];
    if (f == null || f.getStackSize() == 0) {
      return false;
    }
    Val top = f.getStack(f.getStackSize() - 1).val();
    String table = "";
    if ((insn instanceof TableSwitchInsnNode || insn instanceof LookupSwitchInsnNode) && !(top instanceof Val.Param)) {
      Val.Param e = enumSwitched(insns, insn, frames);
      if (e != null) {
        table = enumTable(insns, insn, frames);
        top = e;
      }
    }
    Val.Param tested = top instanceof Val.Param x ? x : codeOwner(top);
    // The switch's flag name only where a switch is tested: made for every branch looked at, it was
    // a string per instruction of the scan (3% of kafka-clients' scan samples).
    if (insn instanceof TableSwitchInsnNode ts && tested != null) {
      String name = prefix(top, table);
      Map<Integer, LabelNode> cases = new HashMap<>();
      for (int k = 0; k < ts.labels.size(); k++) {
        cases.put(ts.min + k, ts.labels.get(k));
      }
      return switchTests(insns, i, tested, name, cases, ts.dflt, tests, guards);
    }
    if (insn instanceof LookupSwitchInsnNode ls && tested != null) {
      String name = prefix(top, table);
      Map<Integer, LabelNode> cases = new HashMap<>();
      for (int k = 0; k < ls.keys.size(); k++) {
        cases.put(ls.keys.get(k), ls.labels.get(k));
      }
      return switchTests(insns, i, tested, name, cases, ls.dflt, tests, guards);
    }
    int op = insn.getOpcode();
    if ((op == Opcodes.IF_ICMPEQ || op == Opcodes.IF_ICMPNE) && f.getStackSize() >= 2) {
      Val below = f.getStack(f.getStackSize() - 2).val();
      Val value = top instanceof Val.Const ? below : top;
      Val other = value == top ? below : top;
      Val.Param p = value instanceof Val.Param x ? x : codeOwner(value);
      if (p == null || !(other instanceof Val.Const c) || !(c.value() instanceof Integer v)) {
        return false;
      }
      String prefix = prefix(value, "");
      int jump = insns.indexOf(((JumpInsnNode) insn).label);
      sides(i, p, prefix, v, op == Opcodes.IF_ICMPEQ ? jump : i + 1, op == Opcodes.IF_ICMPEQ ? i + 1 : jump, tests, guards);
      return true;
    }
    if ((op == Opcodes.IF_ACMPEQ || op == Opcodes.IF_ACMPNE) && f.getStackSize() >= 2) {
      Val below = f.getStack(f.getStackSize() - 2).val();
      Val.Param p = top instanceof Val.Param x ? x : below instanceof Val.Param y ? y : null;
      Val other = p == top ? below : top;
      String constant;
      if (p != null && other instanceof Val.ClassLit cl) {
        // type == String.class: a flag on the literal, decided where a caller passes a literal.
        constant = FlagGuard.CLASS_LITERAL + cl.className().replace('.', '/');
      } else if (p != null && other instanceof Val.Static c && c.type().equals(c.owner())) {
        // e == E.A: a flag on the constant, decided where a caller passes one that the enum lists.
        constant = FlagGuard.ENUM_CASE + c.owner() + "." + FlagGuard.ENUM_CONSTANTS + FlagGuard.ENUM_CASE + c.name();
      } else {
        return false;
      }
      int jump = insns.indexOf(((JumpInsnNode) insn).label);
      int whenEqual = op == Opcodes.IF_ACMPEQ ? jump : i + 1;
      int whenNot = op == Opcodes.IF_ACMPEQ ? i + 1 : jump;
      if (whenEqual != whenNot) {
        tests.add(new int[] {i, whenEqual});
        guards.add(new FlagGuard(p.index(), "=" + constant, true));
        tests.add(new int[] {i, whenNot});
        guards.add(new FlagGuard(p.index(), "=" + constant, false));
      }
      return true;
    }
    if ((op == Opcodes.IFNULL || op == Opcodes.IFNONNULL) && top instanceof Val.Param p) {
      // if (con != null) con.notify(): a caller passing null never runs the call (mssql's makeFromDriverError)
      int jump = insns.indexOf(((JumpInsnNode) insn).label);
      int whenNull = op == Opcodes.IFNULL ? jump : i + 1;
      int whenNot = op == Opcodes.IFNULL ? i + 1 : jump;
      if (whenNull != whenNot) {
        tests.add(new int[] {i, whenNull});
        guards.add(new FlagGuard(p.index(), "=" + FlagGuard.NULL, true));
        tests.add(new int[] {i, whenNot});
        guards.add(new FlagGuard(p.index(), "=" + FlagGuard.NULL, false));
      }
      return true;
    }
    Val.Param cp;
    if ((op == Opcodes.IFEQ || op == Opcodes.IFNE) && (cp = classEquals(insns, insn, frames)) != null) {
      // type.equals(Date.class): Class keeps Object's equals, so it is type == Date.class.
      Frame<AVal> at = frames[insns.indexOf(ColdCode.previous(insn))];
      Val a = at.getStack(at.getStackSize() - 2).val();
      Val.ClassLit cl = (Val.ClassLit) (a instanceof Val.ClassLit ? a : at.getStack(at.getStackSize() - 1).val());
      int jump = insns.indexOf(((JumpInsnNode) insn).label);
      String constant = "=" + FlagGuard.CLASS_LITERAL + cl.className().replace('.', '/');
      int whenEqual = op == Opcodes.IFNE ? jump : i + 1;
      int whenNot = op == Opcodes.IFNE ? i + 1 : jump;
      if (whenEqual != whenNot) {
        tests.add(new int[] {i, whenEqual});
        guards.add(new FlagGuard(cp.index(), constant, true));
        tests.add(new int[] {i, whenNot});
        guards.add(new FlagGuard(cp.index(), constant, false));
      }
      return true;
    }
    if ((op == Opcodes.IFEQ || op == Opcodes.IFNE) && top instanceof Val.Param p
        && (p.type().equals("I") || p.type().equals("Z"))) {
      int jump = insns.indexOf(((JumpInsnNode) insn).label);
      sides(i, p, "=", 0, op == Opcodes.IFEQ ? jump : i + 1, op == Opcodes.IFEQ ? i + 1 : jump, tests, guards);
      return true;
    }
    return false;
  }

  /**
   * The parameter that the call just before test {@code jump} compares with a class literal by
   * {@code equals}: {@code p.equals(C.class)} with {@code p} declared a {@code Class}, or {@code
   * C.class.equals(p)}; null for any other test. Either way the receiver is a {@code Class}, whose
   * {@code equals} is identity.
   */
  private static Val.Param classEquals(InsnList insns, AbstractInsnNode jump, Frame<AVal>[] frames) {
    AbstractInsnNode call = ColdCode.previous(jump);
    if (!(call instanceof MethodInsnNode m) || m.getOpcode() != Opcodes.INVOKEVIRTUAL || !m.name.equals("equals")
        || !m.desc.equals("(Ljava/lang/Object;)Z")
        || !(m.owner.equals("java/lang/Object") || m.owner.equals("java/lang/Class"))) {
      return null;
    }
    Frame<AVal> at = frames[insns.indexOf(call)];
    if (at == null || at.getStackSize() < 2) {
      return null;
    }
    Val recv = at.getStack(at.getStackSize() - 2).val();
    Val arg = at.getStack(at.getStackSize() - 1).val();
    if (recv instanceof Val.ClassLit && arg instanceof Val.Param p) {
      return p;
    }
    return recv instanceof Val.Param p && p.type().equals("java/lang/Class") && arg instanceof Val.ClassLit ? p : null;
  }

  /**
   * For javac's switch on an enum ({@code switch ($SwitchMap$pkg$E[e.ordinal()])}): the enum
   * parameter switched on; null for any other switch.
   */
  private static Val.Param enumSwitched(InsnList insns, AbstractInsnNode sw, Frame<AVal>[] frames) {
    AbstractInsnNode load = ColdCode.previous(sw);
    AbstractInsnNode ord = load == null ? null : ColdCode.previous(load);
    if (load == null || load.getOpcode() != Opcodes.IALOAD || !(ord instanceof MethodInsnNode m)
        || !m.name.equals("ordinal") || !m.desc.equals("()I")) {
      return null;
    }
    Frame<AVal> at = frames[insns.indexOf(ord)];
    if (at == null || at.getStackSize() < 2 || !(at.getStack(at.getStackSize() - 1).val() instanceof Val.Param p)
        || !(at.getStack(at.getStackSize() - 2).val() instanceof Val.Static t)
        || !t.name().startsWith(SwitchMaps.PREFIX)) {
      return null;
    }
    return p;
  }

  /** The flag prefix of an enum switch's cases: {@code #owner.$SwitchMap$pkg$E#}, then the case number. */
  private static String enumTable(InsnList insns, AbstractInsnNode sw, Frame<AVal>[] frames) {
    Frame<AVal> at = frames[insns.indexOf(ColdCode.previous(ColdCode.previous(sw)))];
    Val.Static t = (Val.Static) at.getStack(at.getStackSize() - 2).val();
    return FlagGuard.ENUM_CASE + t.owner() + "." + t.name() + FlagGuard.ENUM_CASE;
  }

  /**
   * The parameter whose int field {@code v} is ({@code kind.code}): a type code the caller's
   * object decides when it is a constant one (hsqldb's {@code switch (otherType.typeCode)}, with
   * {@code Type.SQL_DATE} passed). Whether the field stays as its constructor set it is for the
   * summary stage to say; null for anything else.
   */
  private static Val.Param codeOwner(Val v) {
    return v instanceof Val.Field fl && fl.base() instanceof Val.Param p
        && fl.type().length() == 1 && "ISBC".contains(fl.type()) ? p : null;
  }

  /** A flag's name up to its constant: {@code code=} for a field, {@code =} (and an enum's table) for the parameter. */
  private static String prefix(Val tested, String table) {
    return tested instanceof Val.Field fl ? fl.name() + "=" : "=" + table;
  }

  private static void sides(int i, Val.Param p, String prefix, int c, int whenEqual, int whenNot, List<int[]> tests,
      List<Guard> guards) {
    if (whenEqual == whenNot) {
      return;
    }
    tests.add(new int[] {i, whenEqual});
    guards.add(new FlagGuard(p.index(), prefix + c, true));
    tests.add(new int[] {i, whenNot});
    guards.add(new FlagGuard(p.index(), prefix + c, false));
  }

  private static boolean switchTests(InsnList insns, int i, Val.Param p, String name, Map<Integer, LabelNode> cases,
      LabelNode dflt, List<int[]> tests, List<Guard> guards) {
    Map<LabelNode, Integer> uses = new HashMap<>();
    cases.values().forEach(l -> uses.merge(l, 1, Integer::sum));
    int dfltAt = insns.indexOf(dflt);
    for (var e : new java.util.TreeMap<>(cases).entrySet()) {
      int at = insns.indexOf(e.getValue());
      if (uses.get(e.getValue()) == 1 && at != dfltAt && tests.size() < Guards.MAX_TESTS) {
        tests.add(new int[] {i, at});
        guards.add(new FlagGuard(p.index(), name + e.getKey(), true));
      }
    }
    if (!uses.containsKey(dflt) && cases.size() <= MAX_CASES && tests.size() + cases.size() <= Guards.MAX_TESTS) {
      for (int c : new java.util.TreeSet<>(cases.keySet())) {
        tests.add(new int[] {i, dfltAt});
        guards.add(new FlagGuard(p.index(), name + c, false));
      }
    }
    return true;
  }
}
