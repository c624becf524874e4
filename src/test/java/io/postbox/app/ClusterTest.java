package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.bus.ServiceCalls;
import io.postbox.contract.AccountStore;
import io.postbox.contract.ApiKeys;
import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.store.AdminStore;
import io.postbox.store.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §21.2 with real processes: node B (dispatch, store, ingest, tracking, webhooks) and two api-only nodes form
 * a Hazelcast cluster on loopback, their event bus on mutual TLS with stores made by {@code scripts/cluster-keys}
 * (SPEC §24); sends go through the api nodes, the rate limit holds across them, an api node answers 503 quickly
 * while B is down and recovers when B is back, and a node with another key gets nothing through the bus.
 */
class ClusterTest {
  private static final String CLUSTER = "postbox-test-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String KEYSTORE_PASSWORD = "cluster-key-" + UUID.randomUUID();
  private static final String TRUSTSTORE_PASSWORD = "cluster-trust-" + UUID.randomUUID();
  private static final String BACKEND_ROLES = "dispatch,store,ingest,tracking,webhooks";
  private static Vertx vertx;
  private static WebClient http;
  private static Pool pool;
  private static final List<Process> processes = new ArrayList<>();
  private static Process backend;
  private static int backendManagementPort;
  private static int apiPortOne;
  private static int apiPortTwo;
  private static Path clusterKeys;
  private static Path foreignKeys;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterKeys = makeKeys("cluster");
    foreignKeys = makeKeys("foreign");
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(StoreSettings.from(new JsonObject().put("pg", new JsonObject().put("url", TestPostbox.databaseUrl())))
            .connectOptions())
        .using(vertx).build();
    backendManagementPort = TestPostbox.freePort();
    backend = startBackend();
    awaitReady(backendManagementPort);
    apiPortOne = TestPostbox.freePort();
    awaitReady(startNode("api-1", apiPortOne, TestPostbox.freePort(), "api"), apiPortOne);
    apiPortTwo = TestPostbox.freePort();
    awaitReady(startNode("api-2", apiPortTwo, TestPostbox.freePort(), "api"), apiPortTwo);
  }

  @AfterAll
  static void stopCluster() {
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
    }
    TestPostbox.await(vertx.close());
  }

  /** A keystore and truststore of their own, made as an operator would with {@code scripts/cluster-keys}. */
  private static Path makeKeys(String name) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("postbox-" + name + "-keys");
    ProcessBuilder builder = new ProcessBuilder("bash", "scripts/cluster-keys", dir.resolve("stores").toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("POSTBOX_CLUSTER_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD);
    builder.environment().put("POSTBOX_CLUSTER_TRUSTSTORE_PASSWORD", TRUSTSTORE_PASSWORD);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/cluster-keys.log")));
    Process keytool = builder.start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as("scripts/cluster-keys, see target/cluster-keys.log").isZero();
    return dir.resolve("stores");
  }

  private static Map<String, String> clusterEnv(Path keys) {
    return Map.of("POSTBOX_CLUSTER", "true",
        "POSTBOX_CLUSTER_NAME", CLUSTER,
        "POSTBOX_CLUSTER_MEMBERS", "127.0.0.1",
        "POSTBOX_CLUSTER_HOST", "127.0.0.1",
        "POSTBOX_CLUSTER_KEYSTORE", keys.resolve("cluster-keystore.p12").toString(),
        "POSTBOX_CLUSTER_TRUSTSTORE", keys.resolve("cluster-truststore.p12").toString(),
        "POSTBOX_CLUSTER_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD,
        "POSTBOX_CLUSTER_TRUSTSTORE_PASSWORD", TRUSTSTORE_PASSWORD);
  }

  private static Process startBackend() throws IOException {
    return startNode("backend", TestPostbox.freePort(), backendManagementPort, BACKEND_ROLES);
  }

  private static Process startNode(String name, int httpPort, int managementPort, String roles) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("POSTBOX_ROLES", roles);
    env.putAll(clusterEnv(clusterKeys));
    env.put("POSTBOX_PG_URL", TestPostbox.databaseUrl());
    env.put("POSTBOX_API_KEY_SECRET", TestPostbox.API_KEY_SECRET);
    env.put("POSTBOX_HTTP_PORT", Integer.toString(httpPort));
    env.put("POSTBOX_TRACKING_PORT", Integer.toString(TestPostbox.freePort()));
    env.put("POSTBOX_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("POSTBOX_SANDBOX_TIME_SCALE", "0");
    ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().clear();
    builder.environment().putAll(env);
    File log = new File("target/cluster-" + name + ".log");
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private static void awaitReady(int port) throws InterruptedException {
    awaitReady(null, port);
  }

  private static void awaitReady(Process process, int port) throws InterruptedException {
    Eventually.await(Duration.ofSeconds(90), "node on port " + port + " to be ready (see target/cluster-*.log)", () -> {
      try {
        return TestPostbox.await(http.get(port, "127.0.0.1", "/health/ready").send()).statusCode() == 200;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
  }

  private static String userWithKey(int rateLimit) {
    AdminStore admin = new AdminStore(pool);
    String email = TestPostbox.uniqueEmail("cluster");
    long id = TestPostbox.await(admin.createUser(email, rateLimit));
    String key = ApiKeys.generate(email);
    TestPostbox.await(admin.createApiKey(id, new ApiKeys(TestPostbox.API_KEY_SECRET).hash(key),
        key.substring(key.length() - 5), "cluster", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)));
    return key;
  }

  private static HttpResponse<Buffer> send(int port, String key) {
    return TestPostbox.await(sendAsync(port, key));
  }

  private static Future<HttpResponse<Buffer>> sendAsync(int port, String key) {
    return http.post(port, "127.0.0.1", "/v1/transactional/email/send")
        .putHeader("Authorization", "Bearer " + key)
        .sendJsonObject(new JsonObject().put("recipient", "success@simulator.amazonses.com").put("subject", "Cluster")
            .put("body", "<p>across nodes</p>"));
  }

  private static JsonObject get(int port, String key, String id) {
    return TestPostbox.await(http.get(port, "127.0.0.1", "/v1/transactional/email/" + id)
        .putHeader("Authorization", "Bearer " + key).send()).bodyAsJsonObject();
  }

  @Test
  void aSendThroughOneNodeIsStoredByAnotherAndDelivered() throws InterruptedException {
    String key = userWithKey(100);
    HttpResponse<Buffer> sent = send(apiPortOne, key);
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    String id = sent.bodyAsJsonObject().getString("id");
    Eventually.await(Duration.ofSeconds(15), "email " + id + " to be DELIVERED as seen through the other node",
        () -> "DELIVERED".equals(get(apiPortTwo, key, id).getString("status")));
  }

  @Test
  void theRateLimitHoldsAcrossApiNodes() throws InterruptedException {
    String key = userWithKey(4);
    send(apiPortOne, key);
    send(apiPortTwo, key);
    Eventually.untilNextSecond(100);
    // all eight at once, so that a slow machine cannot spread them over two rate-limit windows
    List<Future<HttpResponse<Buffer>>> sends = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sends.add(sendAsync(i % 2 == 0 ? apiPortOne : apiPortTwo, key));
    }
    TestPostbox.await(Future.join(sends));
    List<Integer> statuses = sends.stream().map(sent -> sent.result().statusCode()).toList();
    long limited = statuses.stream().filter(status -> status == 429).count();
    assertThat(limited).as(statuses.toString()).isGreaterThanOrEqualTo(4);
    assertThat(statuses.stream().filter(status -> status == 201).count()).as(statuses.toString()).isBetween(1L, 4L);
  }

  @Test
  void anApiNodeAnswers503QuicklyWhileTheBackendIsDownAndRecovers() throws Exception {
    String key = userWithKey(100);
    assertThat(send(apiPortOne, key).statusCode()).isEqualTo(201);
    backend.destroy();
    assertThat(backend.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long started = System.currentTimeMillis();
    HttpResponse<Buffer> down = send(apiPortOne, key);
    long took = System.currentTimeMillis() - started;
    assertThat(down.statusCode()).as(down.bodyAsString()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getString("code")).isEqualTo("service_unavailable");
    assertThat(took).isLessThan(5_000);

    backend = startBackend();
    awaitReady(backendManagementPort);
    Eventually.await(Duration.ofSeconds(30), "a send to be accepted (201) after the backend came back",
        () -> send(apiPortOne, key).statusCode() == 201);
  }

  @Test
  void aNodeWithAnotherKeyJoinsHazelcastButGetsNothingThroughTheBus() {
    Map<String, String> env = new HashMap<>(clusterEnv(foreignKeys));
    env.put("POSTBOX_API_KEY_SECRET", TestPostbox.API_KEY_SECRET);
    Vertx foreign = TestPostbox.await(Node.vertx(Settings.resolve(new JsonObject(), env)));
    try {
      Future<Void> ping = new ServiceCalls(foreign).request(AccountStore.PING, null,
          new DeliveryOptions().setSendTimeout(3_000));
      Throwable refused = TestPostbox.await(ping.transform(reply -> Future.succeededFuture(reply.cause())));

      assertThat(refused).as("the backend answered a node without the cluster's key").isNotNull();
      // the store's address is known through Hazelcast: the message was routed and then refused, not unroutable
      assertThat(refused).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) refused).failureType()).isNotEqualTo(ReplyFailure.NO_HANDLERS);
    } finally {
      TestPostbox.await(foreign.close());
    }
    HttpResponse<Buffer> sent = send(apiPortOne, userWithKey(100));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
  }
}
