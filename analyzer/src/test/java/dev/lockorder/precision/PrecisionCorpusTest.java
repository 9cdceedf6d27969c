package dev.lockorder.precision;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lockorder.precision.CorpusRuns.KnownDeadlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The precision corpus: whole released libraries analyzed as they are, to count what the analyzer
 * reports on real code (findings by rule and confidence, limits hit, time) and to check that real
 * deadlocks known in them are among the findings. The analysis was tuned on these; {@link
 * HeldOutCorpusTest} has the libraries it never was.
 *
 * <p>Opt-in ({@code mvn -B verify -Pprecision}): the profile fetches each library through Maven into
 * {@code target/precision/<lib>/app} (the jars analyzed) and {@code target/precision/<lib>/cp} (their
 * runtime dependencies, given as the classpath), and names that folder in {@code lockorder.precision}.
 * Each library's text and JSON reports go to {@code target/precision-out/<lib>.txt} and {@code .json},
 * and a table of all runs to {@code target/precision-out/summary.md}, rewritten after every library.
 *
 * <p>The assertions are targets: no library may hit the cycle cap (a capped run has not looked at
 * every cycle), every group lead has a hand verdict, and each {@link #KNOWN known deadlock} must be
 * reported.
 */
class PrecisionCorpusTest {

  /** Folder names under {@code target/precision}; keep in step with {@code src/test/precision/}. */
  static final List<String> CORPUS = List.of(
      "commons-pool2", "hsqldb", "h2", "activemq", "derby", "jetty", "hazelcast");

  static final List<KnownDeadlock> KNOWN = List.of(
      new KnownDeadlock("derby", "EmbedConnection", "EmbedPooledConnection",
          "a statement runs holding its EmbedConnection's monitor and, through BrokeredConnection, asks the "
              + "synchronized EmbedPooledConnection.getRealConnection; EmbedPooledConnection.getConnection "
              + "(synchronized) resets the real connection, whose rollback is synchronized on it"),
      new KnownDeadlock("hsqldb", "JDBCConnection", "JDBCPooledConnection",
          "JDBCConnection.close (synchronized) tells its JDBCPooledConnection (connectionClosed, synchronized); "
              + "JDBCPooledConnection.release (synchronized) closes the JDBCConnection"),
      new KnownDeadlock("h2", "Session.lock", "JdbcConnection",
          "JdbcPreparedStatement.executeQuery holds the Session lock while checkClosed on an XA "
              + "PooledJdbcConnection takes the JdbcConnection lock; JdbcConnection.close holds that lock and "
              + "takes the Session lock"));

  private static CorpusRuns runs;

  @BeforeAll
  static void corpusFetched() throws IOException {
    String dir = System.getProperty("lockorder.precision", "");
    assumeTrue(!dir.isBlank(), "lockorder.precision is not set: run with -Pprecision");
    runs = new CorpusRuns("Precision corpus", "precision", Path.of(dir), Verdicts.LEDGER, KNOWN);
  }

  @TestFactory
  Stream<DynamicContainer> corpus() {
    return CORPUS.stream().map(lib -> DynamicContainer.dynamicContainer(lib, Stream.concat(
        Stream.of(DynamicTest.dynamicTest("analyzed without hitting the cycle cap", () -> runs.analyze(lib)),
            DynamicTest.dynamicTest("every lead has a hand verdict", () -> runs.triaged(lib))),
        KNOWN.stream().filter(k -> k.library().equals(lib))
            .map(k -> DynamicTest.dynamicTest("reports " + k.title(), () -> runs.reports(k))))));
  }
}
