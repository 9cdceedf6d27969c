package dev.lockorder.summary;

import dev.lockorder.ir.MethodRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * Indexes of the methods' facts alone, asked for by the type flow and the summaries: the lambda
 * bodies' captured parameters, which methods read each field, the calls by signature, the fields
 * changed after construction, the one-winner gates, the fields some block locks. None needs the type flow or a summary, so a run with a second core
 * makes them on a second thread while the main one builds the type flow (a fifth of kafka-clients'
 * time on one thread), each waited for where first asked; a run with one makes each on first ask.
 *
 * <p>Each is a function of the facts, the same object whichever thread makes it. The second thread
 * reads only what never changes once the program is built (the classes, the facts) and keeps its
 * own memo of field declarers, with its own reads of the JDK's classes: the program's memos are
 * filled by the main thread alone.
 */
final class FactIndexes {
  private final Ahead<LambdaBodies> bodies;
  private final FieldMentions mentions;
  private final Ahead<Map<HolderElements.Sig, List<HolderElements.CallSite>>> callsBySignature;
  private final Ahead<Set<String>> changedLater;
  private final Ahead<Map<MethodRef, String>> oneWinnerGates;
  private final Ahead<Map<String, Set<String>>> lockedFields;

  FactIndexes(Program program, boolean secondThread) {
    BinaryOperator<String> declarer = secondThread
        ? new FieldDeclarers(program.classes(), new JdkTypes())::of : program::fieldDeclarer;
    this.bodies = new Ahead<>(() -> new LambdaBodies(program));
    this.mentions = new FieldMentions(program, declarer);
    this.callsBySignature = new Ahead<>(() -> HolderElements.callsBySignature(program));
    this.changedLater = new Ahead<>(() -> Flags.changedLater(program, declarer));
    this.oneWinnerGates = new Ahead<>(() -> OneWinners.gates(program, declarer));
    this.lockedFields = new Ahead<>(() -> SynchronizedWrappers.lockedFields(program, declarer));
    if (secondThread) {
      // In the order the main thread first asks for them.
      Thread t = new Thread(() -> {
        bodies.make();
        oneWinnerGates.make();
        lockedFields.make();
        changedLater.make();
        mentions.make();
        callsBySignature.make();
      }, "lockorder-indexes");
      t.setDaemon(true);
      t.start();
    }
  }

  LambdaBodies lambdaBodies() {
    return bodies.get();
  }

  FieldMentions mentions() {
    return mentions;
  }

  Map<HolderElements.Sig, List<HolderElements.CallSite>> callsBySignature() {
    return callsBySignature.get();
  }

  Set<String> changedLater() {
    return changedLater.get();
  }

  Map<MethodRef, String> oneWinnerGates() {
    return oneWinnerGates.get();
  }

  Map<String, Set<String>> lockedFields() {
    return lockedFields.get();
  }
}
