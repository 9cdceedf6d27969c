package dev.lockorder.precision;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The held-out corpus: lock-heavy libraries from Maven Central that no rule was tuned on (each
 * was first run after the rules it meets were written), with a hand verdict on every group lead.
 * Its false share is the one a new user meets; the development corpus's ({@link
 * PrecisionCorpusTest}) flatters. A lead with no verdict fails the run: triage it against the
 * bytecode, write the evidence in docs/triage/, add its line to {@link #LEDGER}.
 *
 * <p>Opt-in: {@code mvn -B verify -Pheldout} fetches each library and its runtime dependencies into
 * {@code target/heldout/<lib>} (helper projects in {@code src/test/precision/heldout/<lib>}); the
 * reports and {@code summary.md}, with the verdict tally, go to {@code target/heldout-out}.
 */
class HeldOutCorpusTest {

  static final Path LEDGER = Path.of("src/test/precision/heldout/verdicts.tsv");

  /** Folder names under {@code target/heldout}; keep in step with {@code src/test/precision/heldout/}. */
  static final List<String> CORPUS = List.of(
      "activemq-client", "aeron-client", "aerospike", "ahc", "amqp-client", "angus-mail", "artemis-core-client",
      "atomikos", "bookkeeper", "btm", "c3p0", "cache2k", "caffeine", "camel", "cayenne",
      "commons-configuration2", "commons-dbcp", "commons-jcs3", "commons-jexl3", "curator", "cxf-core", "dbcp2",
      "disruptor", "dnsjava", "druid", "dubbo-common", "eclipselink", "ehcache2", "ehcache3", "equinox",
      "es-rest", "felix", "freemarker", "ftpserver-core", "geronimo-transaction", "grizzly-framework", "groovy",
      "grpc", "helix", "hibernate", "hikari", "hivemq", "httpclient5", "httpcore", "httpcore5", "hystrix",
      "infinispan-core", "janino", "jaybird", "jboss-modules", "jboss-remoting", "jboss-threads", "jedis",
      "jena-arq", "jetcd", "jgit", "jgroups", "jmdns", "jnats", "jraft", "jsch", "jtds", "jws", "kafka-clients",
      "kafka-streams", "lettuce-core", "log4j-core", "log4j1", "logback-core", "lucene", "mariadb-java-client",
      "metrics", "mina", "mongodb-driver-core", "mssql", "mvel2", "mybatis", "mysql-connector-j",
      "narayana-jta", "nashorn", "neo4j-driver", "netty", "oak-core", "okhttp", "openjpa", "openwebbeans",
      "orientdb", "paho-mqttv3", "pdfbox", "postgresql", "proton-j", "qpid-broker-core", "qpid-jms-client",
      "quartz", "quickfixj", "ratis", "redisson", "rhino", "rocketmq-client", "sentinel", "shiro",
      "sling-event", "smack", "sofa-bolt", "solrj", "spring-beans", "spring-context", "spymemcached",
      "sqlite-jdbc", "sshd", "thrift", "tinylog", "tomcat-catalina", "tomcat-coyote", "tomcat-jdbc",
      "tomcat-websocket", "unboundid", "undertow", "velocity", "vertx-core", "vfs2", "vibur", "weld",
      "xmemcached", "xnio", "xodus", "xstream", "zookeeper");

  private static CorpusRuns runs;

  @BeforeAll
  static void corpusFetched() throws IOException {
    String dir = System.getProperty("lockorder.heldout", "");
    assumeTrue(!dir.isBlank(), "lockorder.heldout is not set: run with -Pheldout");
    runs = new CorpusRuns("Held-out corpus", "heldout", Path.of(dir), LEDGER, List.of());
  }

  @TestFactory
  Stream<DynamicContainer> corpus() {
    return CORPUS.stream().map(lib -> DynamicContainer.dynamicContainer(lib, Stream.of(
        DynamicTest.dynamicTest("analyzed without hitting the cycle cap", () -> runs.analyze(lib)),
        DynamicTest.dynamicTest("every lead has a hand verdict", () -> runs.triaged(lib)))));
  }
}
