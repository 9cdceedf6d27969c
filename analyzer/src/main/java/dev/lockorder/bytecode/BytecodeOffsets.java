package dev.lockorder.bytecode;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * The bytecode offset of each instruction of each method, for classes compiled without line
 * numbers: a witness frame then names the offset {@code javap -c} shows. ASM's tree keeps no
 * offsets, but its instructions match the class file's one for one (it folds {@code wide},
 * {@code ldc_w} and {@code goto_w} into one node each, as the class file has one instruction),
 * so walking the Code attribute's opcodes in order gives them.
 */
final class BytecodeOffsets {
  private BytecodeOffsets() {}

  /** name + descriptor to the offsets of its instructions, in order; methods without code are absent. */
  static Map<String, int[]> of(ClassReader cr) {
    Map<String, int[]> out = new HashMap<>();
    char[] buf = new char[cr.getMaxStringLength()];
    int p = cr.header + 6;
    p += 2 + 2 * cr.readUnsignedShort(p); // interfaces
    int fields = cr.readUnsignedShort(p);
    p += 2;
    for (int i = 0; i < fields; i++) {
      p = skipMember(cr, p);
    }
    int methods = cr.readUnsignedShort(p);
    p += 2;
    for (int i = 0; i < methods; i++) {
      String name = cr.readUTF8(p + 2, buf);
      String desc = cr.readUTF8(p + 4, buf);
      int attrs = cr.readUnsignedShort(p + 6);
      int a = p + 8;
      for (int k = 0; k < attrs; k++) {
        int len = cr.readInt(a + 2);
        if ("Code".equals(cr.readUTF8(a, buf))) {
          out.put(name + desc, offsets(cr, a + 6 + 8, cr.readInt(a + 6 + 4)));
        }
        a += 6 + len;
      }
      p = a;
    }
    return out;
  }

  private static int skipMember(ClassReader cr, int p) {
    int attrs = cr.readUnsignedShort(p + 6);
    int a = p + 8;
    for (int k = 0; k < attrs; k++) {
      a += 6 + cr.readInt(a + 2);
    }
    return a;
  }

  private static int[] offsets(ClassReader cr, int code, int length) {
    int[] out = new int[Math.max(1, length)];
    int n = 0;
    int pc = 0;
    while (pc < length) {
      out[n++] = pc;
      pc += size(cr, code, pc);
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** The length of the instruction at {@code pc}, operands included (JVMS 6.5). */
  private static int size(ClassReader cr, int code, int pc) {
    int op = cr.readByte(code + pc);
    if (op == 0xaa || op == 0xab) { // tableswitch, lookupswitch: padded to a multiple of 4
      int q = pc + 1 + (3 - (pc % 4));
      if (op == 0xaa) {
        int low = cr.readInt(code + q + 4);
        int high = cr.readInt(code + q + 8);
        return q - pc + 12 + 4 * (high - low + 1);
      }
      return q - pc + 8 + 8 * cr.readInt(code + q + 4);
    }
    if (op == 0xc4) { // wide
      return cr.readByte(code + pc + 1) == 0x84 ? 6 : 4;
    }
    return FIXED[op];
  }

  private static final int[] FIXED = new int[256];

  static {
    java.util.Arrays.fill(FIXED, 1);
    FIXED[0x10] = 2; // bipush
    FIXED[0x11] = 3; // sipush
    FIXED[0x12] = 2; // ldc
    FIXED[0x13] = 3; // ldc_w
    FIXED[0x14] = 3; // ldc2_w
    for (int op = 0x15; op <= 0x19; op++) {
      FIXED[op] = 2; // loads with an index
    }
    for (int op = 0x36; op <= 0x3a; op++) {
      FIXED[op] = 2; // stores with an index
    }
    FIXED[0x84] = 3; // iinc
    for (int op = 0x99; op <= 0xa8; op++) {
      FIXED[op] = 3; // if*, goto, jsr
    }
    FIXED[0xa9] = 2; // ret
    for (int op = 0xb2; op <= 0xb8; op++) {
      FIXED[op] = 3; // field access, invokevirtual/special/static
    }
    FIXED[0xb9] = 5; // invokeinterface
    FIXED[0xba] = 5; // invokedynamic
    FIXED[0xbb] = 3; // new
    FIXED[0xbc] = 2; // newarray
    FIXED[0xbd] = 3; // anewarray
    FIXED[0xc0] = 3; // checkcast
    FIXED[0xc1] = 3; // instanceof
    FIXED[0xc5] = 4; // multianewarray
    FIXED[0xc6] = 3; // ifnull
    FIXED[0xc7] = 3; // ifnonnull
    FIXED[0xc8] = 5; // goto_w
    FIXED[0xc9] = 5; // jsr_w
  }
}
