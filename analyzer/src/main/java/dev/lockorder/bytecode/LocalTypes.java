package dev.lockorder.bytecode;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The declared types of a method's object locals, from its {@code LocalVariableTable} (compiled
 * with {@code -g}, as Maven does by default). javac checked every store into such a local against
 * its type, so the type holds for whatever the local has, even where a join of {@code null} and an
 * object left the analysis with only {@code Object}.
 */
final class LocalTypes {
  private record Range(int slot, int start, int end, String type) {}

  private final List<Range> ranges;

  private LocalTypes(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** The table's object locals narrower than {@code Object}; null when it has none. */
  static LocalTypes of(MethodNode mn) {
    if (mn.localVariables == null || mn.localVariables.isEmpty()) {
      return null;
    }
    InsnList insns = mn.instructions;
    List<Range> out = new ArrayList<>();
    for (LocalVariableNode lv : mn.localVariables) {
      if (lv.desc == null || !lv.desc.startsWith("L") || lv.desc.equals("Ljava/lang/Object;")) {
        continue;
      }
      out.add(new Range(lv.index, insns.indexOf(lv.start), insns.indexOf(lv.end),
          PathInterpreter.typeName(Type.getType(lv.desc))));
    }
    return out.isEmpty() ? null : new LocalTypes(out);
  }

  /** The declared type of local {@code slot} at instruction {@code insn}, or null. */
  String declared(int insn, int slot) {
    for (Range r : ranges) {
      if (r.slot == slot && insn >= r.start && insn < r.end) {
        return r.type;
      }
    }
    return null;
  }
}
