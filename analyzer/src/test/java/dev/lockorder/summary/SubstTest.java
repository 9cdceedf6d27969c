package dev.lockorder.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lockorder.ir.MethodRef;
import dev.lockorder.ir.Val;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A callee's path in the caller's terms. The parts without parameters are shared, not rebuilt
 * (every call site substitutes the same summaries again); the parts with one are rebuilt, and
 * the result equals what building it afresh gives.
 */
class SubstTest {
  private static final MethodRef GET = MethodRef.of("app/Registry", "get", "(Ljava/lang/Object;)Ljava/lang/Object;");
  private static final Val.Static REGISTRY = new Val.Static("app/Main", "REGISTRY", "app/Registry");
  private static final Val.Param KEY = new Val.Param(1, "java/lang/Object");
  private static final Val.New ARG = new Val.New("app/Key", "app/Caller.run()V@4");

  @Test
  void aPathWithoutParameters_isTheSameObject() {
    Val lock = new Val.Field(new Val.Call(GET, List.of(REGISTRY, new Val.Const("k", "java/lang/String")),
        "app/Entry"), "app/Entry", "lock", "java/lang/Object");
    assertSame(lock, Subst.rewrite(lock, List.of(new Val.Param(0, "app/Caller"), ARG)));
  }

  @Test
  void aPathWithAParameter_isRebuiltAroundTheArgument() {
    Val lock = new Val.Field(new Val.Call(GET, List.of(REGISTRY, KEY), "app/Entry"), "app/Entry", "lock",
        "java/lang/Object");
    Val out = Subst.rewrite(lock, List.of(new Val.Param(0, "app/Caller"), ARG));
    assertNotSame(lock, out);
    assertEquals(new Val.Field(new Val.Call(GET, List.of(REGISTRY, ARG), "app/Entry"), "app/Entry", "lock",
        "java/lang/Object"), out);
    Val.Call call = (Val.Call) ((Val.Field) out).base();
    assertSame(REGISTRY, call.args().get(0)); // the argument before the parameter is kept as it was
  }

  @Test
  void methodReferences_areOnePerMethod() {
    MethodRef again = MethodRef.of(new String("app/Registry"), new String("get"),
        new String("(Ljava/lang/Object;)Ljava/lang/Object;"));
    assertSame(GET, again);
    assertEquals(GET, new MethodRef("app/Registry", "get", "(Ljava/lang/Object;)Ljava/lang/Object;"));
  }
}
