package dev.lockorder.bytecode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** Which constructor parameters are cast before the constructor can return, read from javac's code. */
class ParamCastsTest {
  static final class StoresThenCasts {
    final Object in;

    StoresThenCasts(Object in) {
      this.in = in;
      ((Runnable) in).run();
    }
  }

  static final class AfterAWideParameter {
    AfterAWideParameter(long n, Object in) {
      ((Runnable) in).run();
    }
  }

  static final class CastsOnOnePath {
    CastsOnOnePath(Object in) {
      if (in != null) {
        ((Runnable) in).run();
      }
    }
  }

  static final class UsesItFirst {
    UsesItFirst(Object in) {
      in.hashCode();
      ((Runnable) in).run();
    }
  }

  static final class CatchesTheFailure {
    CatchesTheFailure(Object in) {
      try {
        ((Runnable) in).run();
      } catch (ClassCastException e) {
        // another type is fine here
      }
    }
  }

  private static Map<Integer, String> casts(Class<?> c) throws Exception {
    String res = "/" + c.getName().replace('.', '/') + ".class";
    ClassNode cn = new ClassNode();
    try (InputStream in = ParamCastsTest.class.getResourceAsStream(res)) {
      new ClassReader(in).accept(cn, ClassReader.SKIP_FRAMES);
    }
    for (MethodNode mn : cn.methods) {
      if (mn.name.equals("<init>")) {
        return ParamCasts.of(mn);
      }
    }
    throw new AssertionError("no constructor in " + c);
  }

  @Test
  void aCastOnTheStraightStartCountsEvenAfterAStoreIntoThis() throws Exception {
    assertEquals(Map.of(1, "java/lang/Runnable"), casts(StoresThenCasts.class));
    assertEquals(Map.of(2, "java/lang/Runnable"), casts(AfterAWideParameter.class));
  }

  @Test
  void aCastAfterABranchAUseOrInsideATryDoesNot() throws Exception {
    assertEquals(Map.of(), casts(CastsOnOnePath.class));
    assertEquals(Map.of(), casts(UsesItFirst.class));
    assertEquals(Map.of(), casts(CatchesTheFailure.class));
  }
}
