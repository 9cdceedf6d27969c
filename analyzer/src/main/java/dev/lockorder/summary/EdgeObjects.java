package dev.lockorder.summary;

import dev.lockorder.graph.LockClass;
import dev.lockorder.ir.Val;
import java.util.List;

/**
 * The objects each end of an edge may be, from the type flow at the outermost frame (whose terms
 * the lock's path is in): for a monitor named by its type, the monitor's objects; for a lock each
 * owner makes for itself, its owners (two owners, two locks) that the acquisition's owner bound
 * allows ({@link OwnerBounds}); null otherwise.
 */
final class EdgeObjects {
  private final ObjectsOfLocks objectsOfLocks;
  private final OwnerBounds owners;

  EdgeObjects(Program program, ObjectsOfLocks objectsOfLocks) {
    this.objectsOfLocks = objectsOfLocks;
    this.owners = new OwnerBounds(program, objectsOfLocks);
  }

  OwnerBounds owners() {
    return owners;
  }

  /** @param a the edge's acquisition, whose re-entering call sites are left out; null: none */
  List<String> of(LockRef ref, Trace frames, LockClass c, String owner, ReenteringSites.Acquired a) {
    if (frames.size == 0 || c.kind() == LockClass.Kind.COMPLETION || c.kind() == LockClass.Kind.WORK) {
      return null;
    }
    var in = frames.outerMethod();
    if (c.monitoredType() != null) {
      return objectsOfLocks.objectsOf(ref.val(), in, a);
    }
    Val.Field lock = c.key().contains("type ") ? null : objectsOfLocks.lockField(ref.val());
    return lock == null ? null : owners.allowed(objectsOfLocks.ownersOf(lock, in, a), owner, lock);
  }
}
