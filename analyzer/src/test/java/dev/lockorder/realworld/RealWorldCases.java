package dev.lockorder.realworld;

import java.util.List;
import java.util.Set;

/**
 * Lock-order deadlocks documented in public bug trackers, each in a release on Maven Central and
 * fixed in a later one. The jars are fetched by the {@code realworld} profile in
 * {@code analyzer/pom.xml}; keep its list in step with this one. docs/realworld.md has the
 * results and what each case exercises.
 */
final class RealWorldCases {
  private RealWorldCases() {}

  static final List<RealWorldCase> ALL = List.of(
      // Eclipse Paho MQTT: WebSocketReceiver.stop() joins the receiver thread while it holds
      // `lifecycle`; the receiver thread, on an IOException, calls stop() and blocks on `lifecycle`.
      // Fixed in 1.1.1 by joining after the synchronized block (PR #245).
      new RealWorldCase("https://github.com/eclipse-paho/paho.mqtt.java/issues/244",
          "org.eclipse.paho.client.mqttv3-1.1.0.jar", "org.eclipse.paho.client.mqttv3-1.1.1.jar",
          List.of(), List.of(),
          Set.of("(work)WebSocketNetworkModule.webSocketReceiver.receiverThread", "WebSocketReceiver.lifecycle"),
          List.of("WebSocketReceiver.stop", "WebSocketReceiver.run")),

      // Java-WebSocket: WebSocketServer.stop() closes every connection while it holds the
      // `connections` set (WebSocketImpl.flushAndClose is synchronized); a selector thread in the
      // synchronized WebSocketImpl.closeConnection calls back onWebsocketClose -> removeConnection,
      // which locks `connections`. The thread dump shows both stacks. Fixed by copying the
      // set before closing ("prevent callback deadlocks", commit 2b0bb8d, #195); 1.3.4 is the
      // first release after it on Maven Central.
      new RealWorldCase("https://github.com/TooTallNate/Java-WebSocket/issues/287",
          "Java-WebSocket-1.3.0.jar", "Java-WebSocket-1.3.4.jar",
          List.of(), List.of(),
          Set.of("WebSocketServer.connections", "WebSocketImpl"),
          List.of("WebSocketServer.stop", "WebSocketImpl.flushAndClose", "WebSocketImpl.closeConnection",
              "WebSocketServer.removeConnection")),

      // gRPC: the grpc-timer thread ends a back-off in TransportSet holding its `lock` and asks
      // DelayedClientTransport.hasPendingStreams(), which takes that transport's `lock`; a stream
      // cancelled under DelayedClientTransport's lock calls back into TransportSet. Fixed in 1.0.1
      // (PR #2258) by calling hasPendingStreams() outside the synchronized block.
      new RealWorldCase("https://github.com/grpc/grpc-java/issues/2246",
          "grpc-core-1.0.0.jar", "grpc-core-1.0.1.jar",
          List.of("guava-19.0.jar"), List.of(),
          Set.of("TransportSet.lock", "DelayedClientTransport.lock"),
          List.of("TransportSet$1EndOfCurrentBackoff.run", "DelayedClientTransport.hasPendingStreams")),

      // Jedis: JedisClusterInfoCache mixes its ReentrantReadWriteLock with synchronized methods:
      // discoverClusterNodesAndSlots holds the write lock and calls the synchronized
      // assignSlotsToNode, while synchronized methods take the read/write lock inside. Fixed in
      // 2.6.1 by removing `synchronized` from the class.
      new RealWorldCase("https://github.com/redis/jedis/issues/776",
          "jedis-2.6.0.jar", "jedis-2.6.1.jar",
          List.of(), List.of(),
          Set.of("JedisClusterConnectionHandler.cache.w", "JedisClusterInfoCache"),
          List.of("JedisClusterInfoCache.discoverClusterNodesAndSlots", "JedisClusterInfoCache.assignSlotsToNode")),

      // Lettuce: closing a connection (synchronized RedisChannelHandler.close) shifts the cluster
      // node's commands under CommandHandler's `stateLock`, while channelActive holds `stateLock`
      // and calls the synchronized RedisChannelHandler.activated. Fixed in 4.2.2 by replacing the
      // synchronized methods with volatile fields (commit 0f30531).
      new RealWorldCase("https://github.com/lettuce-io/lettuce-core/issues/326",
          "lettuce-4.2.1.Final.jar", "lettuce-4.2.2.Final.jar",
          List.of(), List.of("com.lambdaworks.**"),
          Set.of("CommandHandler.stateLock", "RedisChannelHandler"),
          List.of("RedisChannelHandler.close", "ClusterNodeCommandHandler.shiftCommands", "CommandHandler.channelActive",
              "RedisChannelHandler.activated")),

      // Spring: destroySingletons() holds `disposableBeans` and destroySingleton -> removeSingleton
      // takes `singletonObjects`; resetBeanDefinition() holds the singleton mutex
      // (`singletonObjects`) and destroySingleton takes `disposableBeans`. Fixed in 3.1.4 ("avoid
      // wide/interleaved metadata locks to avoid deadlock potential", commit dd68fec) by calling
      // out of both synchronized blocks.
      new RealWorldCase("https://jira.spring.io/browse/SPR-10020",
          "spring-beans-3.1.3.RELEASE.jar", "spring-beans-3.1.4.RELEASE.jar",
          List.of("spring-core-3.1.3.RELEASE.jar"), List.of(),
          Set.of("DefaultSingletonBeanRegistry.disposableBeans", "DefaultSingletonBeanRegistry.singletonObjects"),
          List.of("DefaultSingletonBeanRegistry.destroySingletons", "DefaultSingletonBeanRegistry.removeSingleton",
              "DefaultListableBeanFactory.resetBeanDefinition", "DefaultSingletonBeanRegistry.destroySingleton")),

      // Spring SockJS: the heartbeat task holds `heartbeatLock` and writes the heartbeat frame under
      // the HTTP session's `responseLock`; sending a message holds `responseLock` and cancels the
      // heartbeat under `heartbeatLock`. Fixed in 4.3.4 ("avoid deadlock between SockJS heartbeat
      // and XHR polling", commit 72e1f7e) by using one lock for both.
      new RealWorldCase("https://jira.spring.io/browse/SPR-14833",
          "spring-websocket-4.3.3.RELEASE.jar", "spring-websocket-4.3.4.RELEASE.jar",
          List.of("spring-core-4.3.3.RELEASE.jar", "spring-context-4.3.3.RELEASE.jar", "spring-web-4.3.3.RELEASE.jar",
              "spring-beans-4.3.3.RELEASE.jar", "spring-messaging-4.3.3.RELEASE.jar"), List.of(),
          Set.of("AbstractHttpSockJsSession.responseLock", "AbstractSockJsSession.heartbeatLock"),
          List.of("AbstractSockJsSession.sendHeartbeat", "AbstractHttpSockJsSession.sendMessageInternal",
              "AbstractSockJsSession.cancelHeartbeat")),

      // Commons Configuration: CombinedConfiguration.getRootNode() holds the node combiner's lock
      // while a child file configuration reloads under its `reloadLock`; the reload fires a change
      // event that invalidates the combined configuration, which takes the node combiner's lock.
      // Fixed in 1.6 by reducing the synchronization in CombinedConfiguration.
      new RealWorldCase("https://issues.apache.org/jira/browse/CONFIGURATION-344",
          "commons-configuration-1.5.jar", "commons-configuration-1.6.jar",
          List.of(), List.of(),
          Set.of("AbstractFileConfiguration.reloadLock", "NodeCombiner"),
          List.of("CombinedConfiguration.getRootNode", "AbstractFileConfiguration.reload",
              "CombinedConfiguration.configurationChanged", "CombinedConfiguration.invalidate")),

      // RabbitMQ stream client: a consumer closing (SubscriptionTracker.cancel) holds its
      // ClientSubscriptionsManager in remove() and, when the manager empties, asks the synchronized
      // ManagerPool.maybeDisposeManager; a consumer starting holds the ManagerPool in add() and asks
      // each manager isFull(), synchronized on the manager. The thread dump shows both.
      // Fixed in 0.5.0 (commits 3f30b17, cd9ceb4) by locking the managers on their pool.
      new RealWorldCase("https://github.com/rabbitmq/rabbitmq-stream-java-client/issues/49",
          "stream-client-0.4.0.jar", "stream-client-0.5.0.jar",
          List.of("netty-transport-4.1.75.Final.jar", "netty-codec-4.1.75.Final.jar", "netty-handler-4.1.75.Final.jar",
              "netty-buffer-4.1.75.Final.jar", "netty-common-4.1.75.Final.jar", "netty-resolver-4.1.75.Final.jar",
              "slf4j-api-1.7.36.jar"), List.of(),
          Set.of("ConsumersCoordinator$ClientSubscriptionsManager", "ConsumersCoordinator$ManagerPool"),
          List.of("ConsumersCoordinator$ManagerPool.maybeDisposeManager", "ConsumersCoordinator$ClientSubscriptionsManager.remove",
              "ConsumersCoordinator$ManagerPool.add", "ConsumersCoordinator$ClientSubscriptionsManager.isFull")),

      // Grizzly: a pool's idle-connection cleaner closes a connection while it holds the pool's
      // `poolSync`; closing notifies the connection's close listeners under `closeListeners`, and
      // the pool's own close listener takes `poolSync`. The issue has both threads' stacks. Fixed
      // in 2.4.3 (PR #1989) by copying the listeners and calling them after the lock is released.
      // The pool and the framework are two jars, both analyzed. `closeListeners` is a
      // synchronized list, so SingleEndpointPool.detach (the title) holding `poolSync`
      // and removing its listener takes it too: since session 22 that is the shortest witness.
      new RealWorldCase("https://github.com/javaee/grizzly/issues/1988",
          "grizzly-framework-2.4.2.jar+connection-pool-2.4.2.jar", "grizzly-framework-2.4.3.jar+connection-pool-2.4.3.jar",
          List.of(), List.of(),
          Set.of("SingleEndpointPool.poolSync", "NIOConnection.closeListeners"),
          List.of("NIOConnection.notifyCloseListeners", "SingleEndpointPool$PoolConnectionCloseListener.onClosed",
              "SingleEndpointPool.detach")),

      // Apache Druid SQL: closing a connection holds its `statements` map and closes each
      // statement (which takes the statement's `lock`); closing a statement holds its `lock` and
      // runs the onClose callback the connection handed its constructor (a lambda), which takes
      // `statements`. The issue has the thread dump. Fixed in 0.14.0 (PR #6868).
      new RealWorldCase("https://github.com/apache/druid/issues/6867",
          "druid-sql-0.13.0-incubating.jar", "druid-sql-0.14.0-incubating.jar",
          List.of(), List.of(),
          Set.of("DruidConnection.statements", "DruidStatement.lock"),
          List.of("DruidConnection.close", "DruidStatement.close", "DruidConnection.lambda$createStatement$0")),

      // sshj: closing a channel's output stream holds the stream's monitor and sends EOF through
      // the synchronized AbstractChannel.sendEOF, which marks the stream closed through the
      // synchronized ChannelOutputStream.setClosed; the reader thread closing the channel's
      // streams does the same the other way. The issue has the thread dump. Fixed in 0.10.0 (the
      // stream no longer sends EOF from close, and the channel lost its synchronized methods).
      new RealWorldCase("https://github.com/hierynomus/sshj/issues/105",
          "sshj-0.9.0.jar", "sshj-0.10.0.jar",
          List.of("slf4j-api-1.7.5.jar", "bcprov-jdk15on-1.49.jar", "bcpkix-jdk15on-1.49.jar", "jzlib-1.1.2.jar"), List.of(),
          Set.of("AbstractChannel", "ChannelOutputStream"),
          List.of("ChannelOutputStream.close", "AbstractChannel.sendEOF", "ChannelOutputStream.setClosed")),

      // Quarkus RESTEasy Reactive: SseBroadcasterImpl.broadcast (synchronized) sends to each sink
      // of its list through the JAX-RS SseEventSink interface, and SseEventSinkImpl.send checks the
      // synchronized isClosed(); a sink's synchronized close() tells the broadcaster through its
      // synchronized fireClose. Fixed in 3.30.1 (PR #51089: the sink's closed state became an
      // AtomicBoolean, close and isClosed no longer synchronized). The analyzer before Precision II
      // found it; the one of 2026-12-02 named the list's element apart from the sink's own this and
      // missed it (fixture monitors/ElementOfAListLocksItself). Since session 35 the broadcaster's
      // edge has a second, shorter witness: its synchronized close() closing each sink, whose
      // synchronized close() the same fix made plain; it came with session 35's change to what a JDK
      // container's iterator carries. The report prints that one, so the broadcast path is not shown.
      new RealWorldCase("https://github.com/quarkusio/quarkus/issues/51033",
          "resteasy-reactive-3.29.2.jar", "resteasy-reactive-3.30.1.jar",
          List.of("jakarta.ws.rs-api-3.1.0.jar", "resteasy-reactive-common-3.29.2.jar",
              "resteasy-reactive-common-types-3.29.2.jar", "mutiny-3.0.1.jar", "jboss-logging-3.6.1.Final.jar"),
          List.of(),
          Set.of("SseBroadcasterImpl", "SseEventSinkImpl"),
          List.of("SseEventSinkImpl.close", "SseBroadcasterImpl.fireClose")),

      // ZooKeeper: QuorumPeer.connectNewPeers holds QV_LOCK (setLastSeenQuorumVerifier) and asks
      // QuorumCnxManager.connectOne, synchronized on the manager; connectOne holding the manager
      // takes QV_LOCK (the dump: through initiateConnection and getElectionAddress). Fixed
      // in 3.5.5 (PRs #707, #719) by taking the manager first, through an Object-typed local
      // (`outerLockObject = qcm != null ? qcm : QV_LOCK`), so connectOne re-enters it. The analyzer
      // before Precision II reports the cycle on both releases: it cannot see that the Object-typed
      // lock is the manager.
      new RealWorldCase("https://issues.apache.org/jira/browse/ZOOKEEPER-2778",
          "zookeeper-3.5.4-beta.jar", "zookeeper-3.5.5.jar",
          List.of("slf4j-api-1.7.25.jar", "log4j-1.2.17.jar", "netty-3.10.6.Final.jar", "netty-all-4.1.29.Final.jar",
              "audience-annotations-0.5.0.jar", "commons-cli-1.2.jar"),
          List.of(),
          Set.of("QuorumPeer.QV_LOCK", "QuorumCnxManager"),
          List.of("QuorumCnxManager.connectOne", "QuorumPeer.connectNewPeers")),

      // Vert.x: a server WebSocket and its connection each guard their state with their own
      // monitor. The connection's synchronized handleClosed (and handleException, handleWsFrame)
      // calls the WebSocket's synchronized handleClosed on the event loop, while a thread writing
      // or closing the WebSocket holds its monitor and reaches the connection's synchronized
      // methods (writeFrame -> ConnectionBase.writeToChannel; close -> the connect lambda ->
      // handleException). Fixed in 3.1.0 (PR #1097, "Synchronize on connection not websocket to
      // remove deadlock"): the WebSocket classes lock the connection instead. The analyzer before
      // Precision II misses it.
      new RealWorldCase("https://github.com/eclipse-vertx/vert.x/pull/1097",
          "vertx-core-3.0.0.jar", "vertx-core-3.1.0.jar",
          List.of("netty-all-4.0.28.Final.jar", "jackson-core-2.5.3.jar", "jackson-databind-2.5.3.jar"),
          List.of(),
          Set.of("ServerConnection", "ServerWebSocketImpl"),
          List.of("ServerConnection.handleClosed", "WebSocketImplBase.handleClosed", "ServerWebSocketImpl.close")),

      // Guava: a scheduled service's rescheduling task holds its own lock while it reschedules,
      // and when the user's getNextSchedule() throws it tells the service (notifyFailed, under the
      // service's lock); stopping the service holds that lock and cancels the running task, which
      // takes the task's lock. Reported against 18.0, present since CustomScheduler (11.0), fixed
      // in 19.0 ("Call notifyFailed outside the lock to avoid lock ordering issues"). The task
      // reaches runningTask only through the users' scheduler(): the analyzer before Precision II
      // misses it, and so does this one on 15.0 to 18.0, where Future.cancel on the task is cut.
      new RealWorldCase("https://github.com/google/guava/issues/2072",
          "guava-14.0.1.jar", "guava-19.0.jar",
          List.of(),
          List.of(),
          Set.of("AbstractScheduledService$CustomScheduler$ReschedulableCallable.lock", "AbstractService.lock"),
          List.of("AbstractScheduledService$CustomScheduler$ReschedulableCallable.reschedule",
              "AbstractService.notifyFailed", "AbstractScheduledService$1.doStop",
              "AbstractScheduledService$CustomScheduler$ReschedulableCallable.cancel")),

      // The same deadlock on 16.0.1, where the service's lock is its Monitor's and the stop that
      // cancels the task runs from notifyStarted (a stop requested while starting). Missed before
      // session 35 (the task's Future.cancel was cut, as the case above says of 15.0 to 18.0); found
      // since session 35's change to what a JDK container's view (an iterator) carries.
      new RealWorldCase("https://github.com/google/guava/issues/2072",
          "guava-16.0.1.jar", "guava-19.0.jar",
          List.of(),
          List.of(),
          Set.of("AbstractScheduledService$CustomScheduler$ReschedulableCallable.lock", "AbstractService.monitor.lock"),
          List.of("AbstractScheduledService$CustomScheduler$ReschedulableCallable.reschedule",
              "AbstractService.notifyFailed", "AbstractScheduledService$1.doStop",
              "AbstractScheduledService$CustomScheduler$ReschedulableCallable.cancel")),

      // JBoss EJB client: an invocation works out the cluster's available nodes holding the
      // monitor of ClusterContext.connectedNodes (a Collections.synchronizedSet, locked to iterate
      // it) and asks the client context for each node's receiver, under ejbReceiverAssociations;
      // a lost connection unregisters its receiver under ejbReceiverAssociations and tells the
      // cluster context through a close handler, whose connectedNodes.remove takes the set's
      // monitor inside the JDK. Fixed in 2.1.5.Final (PR #136, "[BZ-1299844] Deadlock in EJB
      // client": the lock no longer spans the calculation); 2.1.5 is not on Maven Central, 2.1.6
      // is. Found since synchronized wrappers that code also locks itself are monitors; the
      // analyzer before Precision II misses it.
      new RealWorldCase("https://github.com/wildfly/jboss-ejb-client/pull/136",
          "jboss-ejb-client-2.1.4.Final.jar", "jboss-ejb-client-2.1.6.Final.jar",
          List.of(),
          List.of(),
          Set.of("ClusterContext.connectedNodes", "EJBClientContext.ejbReceiverAssociations"),
          List.of("ClusterContext.getConnectedAndDeployedNodes", "EJBClientContext.unregisterEJBReceiver",
              "ClusterContext.receiverContextClosed")),

      // Druid: QueryGranularity's static initializer makes its subclasses AllGranularity and
      // NoneGranularity (`ALL = new AllGranularity()`), so a thread first touching the base waits
      // for a subclass's initialization while a thread first making the subclass holds it and waits
      // for the base's (JDK-6301579), "pretty regularly in one of our libraries". Fixed in 0.9.1 by
      // moving the constants to QueryGranularities. Class initialization was not modelled before
      // session 31.
      new RealWorldCase("https://github.com/apache/druid/issues/2979",
          "druid-processing-0.9.0.jar", "druid-processing-0.9.1.jar",
          List.of(),
          List.of(),
          Set.of("(init)QueryGranularity", "(init)AllGranularity"),
          List.of("QueryGranularity.<clinit>")),

      // Hadoop: the superclass Verifier's static initializer makes its subclass VerifierNone
      // (VERIFIER_NONE), a class-loading deadlock on concurrent first use (HADOOP-17858, PR #3321,
      // fixed by moving the instance to VerifierNone); 3.3.2 and 3.3.3 are not served here, 3.3.4
      // is the next release with the fix.
      new RealWorldCase("https://issues.apache.org/jira/browse/HADOOP-17858",
          "hadoop-nfs-3.3.1.jar", "hadoop-nfs-3.3.4.jar",
          List.of(),
          List.of(),
          Set.of("(init)Verifier", "(init)VerifierNone"),
          List.of("Verifier.<clinit>")));
}
