package io.postbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.ApiKeys;
import io.postbox.store.AdminStore;
import io.postbox.store.StoreSettings;
import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §30 with real processes: two postbox nodes with the dispatch role on one database, each sending to SES
 * through its own port of a fake SES that counts the messages it accepted. 200 scheduled emails fall due over a
 * few seconds; in the middle, node A's SES calls are held unanswered, and once every message SES answered for A is
 * committed, A is killed with kill -9 while it holds claims whose SES calls never got an answer. Node B claims
 * them once A's lease expires. Every email must then be accepted, and SES must have taken each exactly once.
 */
class ScheduledSendsExactlyOnceTest {
  private static final int EMAILS = 200;
  private static final int LEASE_SECONDS = 10;
  private static Vertx vertx;
  private static WebClient http;
  private static Pool pool;
  private static final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(StoreSettings.from(new JsonObject().put("pg", new JsonObject().put("url", TestPostbox.databaseUrl())))
            .connectOptions())
        .using(vertx).build();
  }

  @AfterAll
  static void stop() {
    processes.forEach(Process::destroyForcibly);
    for (Process process : processes) {
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    TestPostbox.await(vertx.close());
  }

  @Test
  void eachScheduledEmailIsSentExactlyOnceThoughADispatchNodeIsKilledMidRun() throws Exception {
    FakeSes sesA = FakeSes.start(vertx);
    FakeSes sesB = FakeSes.start(vertx);
    int apiPort = TestPostbox.freePort();
    int apiPortB = TestPostbox.freePort();
    Process nodeA = startNode("a", apiPort, TestPostbox.freePort(), "api,dispatch,store", sesA.port);
    awaitReady(apiPort);
    startNode("b", apiPortB, TestPostbox.freePort(), "api,dispatch,store", sesB.port);
    awaitReady(apiPortB);

    String key = userWithKey();
    Set<Long> ids = new HashSet<>();
    for (int batch = 0; batch < EMAILS / 100; batch++) {
      JsonArray items = new JsonArray();
      for (int i = 0; i < 100; i++) {
        items.add(new JsonObject().put("recipient", "success+once" + (batch * 100 + i) + "@simulator.amazonses.com")
            .put("subject", "Once").put("body", "<p>exactly once</p>")
            .put("send_at", Instant.now().plus(Duration.ofMinutes(10)).toString()));
      }
      HttpResponse<Buffer> response = TestPostbox.await(http.post(apiPort, "127.0.0.1", "/v1/transactional/email/batch")
          .putHeader("Authorization", "Bearer " + key).sendJsonObject(new JsonObject().put("emails", items)));
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      for (Object slot : response.bodyAsJsonObject().getJsonArray("data")) {
        JsonObject email = ((JsonObject) slot).getJsonObject("email");
        assertThat(email.getString("status")).isEqualTo("SCHEDULED");
        ids.add(Long.parseLong(email.getString("id")));
      }
    }
    Long[] idArray = ids.toArray(Long[]::new);
    // their time comes: 10 at a time, every 250 ms from 1 s on
    sql("UPDATE emails SET scheduled_at = now() + interval '1 second' + ((id % 20) * interval '250 milliseconds') "
        + "WHERE id = ANY ($1)", (Object) idArray);

    Eventually.await(Duration.ofSeconds(60), "node A to have sent some of them", () -> sesA.accepted() >= 20);
    sesA.hold();
    Eventually.await(Duration.ofSeconds(60), "node A to wait on SES with a claim", () -> sesA.held() >= 1);
    Eventually.await(Duration.ofSeconds(60), "every email SES answered for A to be committed",
        () -> committed(sesA.acceptedIds()));
    int heldByA = sesA.held();
    nodeA.destroyForcibly(); // SIGKILL: no shutdown hook, no stop
    assertThat(nodeA.waitFor(10, TimeUnit.SECONDS)).isTrue();
    sesA.dropHeldOfClosedConnections();

    Eventually.await(Duration.ofSeconds(120), "all " + EMAILS + " emails to be accepted",
        () -> acceptedCount(idArray) == EMAILS);
    Map<Long, Integer> sends = new HashMap<>();
    for (FakeSes ses : List.of(sesA, sesB)) {
      ses.acceptedIds().forEach(id -> sends.merge(id, 1, Integer::sum));
    }
    Map<Long, Integer> twice = sends.entrySet().stream().filter(e -> ids.contains(e.getKey()) && e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(twice).as("emails SES took more than once").isEmpty();
    assertThat(ids).allMatch(sends::containsKey);
    assertThat(heldByA).isPositive();
    assertThat(sesB.acceptedIds()).as("B sent what A had claimed when it was killed")
        .containsAll(sesA.droppedIds());
    assertThat(sesA.acceptedIds().stream().filter(ids::contains).count()).isPositive();
    Row row = sql("SELECT count(*) FILTER (WHERE status = 'SCHEDULED'), count(DISTINCT ses_message_id) FROM emails "
        + "WHERE id = ANY ($1)", (Object) idArray).iterator().next();
    assertThat(row.getLong(0)).isZero();
    assertThat(row.getLong(1)).isEqualTo(EMAILS);
  }

  private static boolean committed(Set<Long> answered) {
    if (answered.isEmpty()) {
      return true;
    }
    return sql("SELECT count(*) FROM emails WHERE id = ANY ($1) AND accepted_at IS NULL",
        (Object) answered.toArray(Long[]::new)).iterator().next().getLong(0) == 0;
  }

  private static long acceptedCount(Long[] ids) {
    return sql("SELECT count(*) FROM emails WHERE id = ANY ($1) AND accepted_at IS NOT NULL", (Object) ids)
        .iterator().next().getLong(0);
  }

  private static io.vertx.sqlclient.RowSet<Row> sql(String sql, Object... args) {
    return TestPostbox.await(pool.preparedQuery(sql).execute(Tuple.wrap(args)));
  }

  private static Process startNode(String name, int httpPort, int managementPort, String roles, int sesPort)
      throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("POSTBOX_ROLES", roles);
    env.put("POSTBOX_PG_URL", TestPostbox.databaseUrl());
    env.put("POSTBOX_API_KEY_SECRET", TestPostbox.API_KEY_SECRET);
    env.put("POSTBOX_HTTP_PORT", Integer.toString(httpPort));
    env.put("POSTBOX_TRACKING_PORT", Integer.toString(TestPostbox.freePort()));
    env.put("POSTBOX_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("POSTBOX_AWS_REGION", "us-east-1");
    env.put("POSTBOX_SES_ENDPOINT", "http://127.0.0.1:" + sesPort);
    env.put("POSTBOX_SES_MAX_SEND_RATE", "1000");
    env.put("POSTBOX_SNS_VERIFY", "false");
    env.put("POSTBOX_SCHEDULE_LEASE_SECONDS", Integer.toString(LEASE_SECONDS));
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.environment().clear();
    builder.environment().putAll(env);
    File log = new File("target/scheduled-node-" + name + ".log");
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private static void awaitReady(int port) {
    Eventually.await(Duration.ofSeconds(120), "node on port " + port + " to be ready (target/scheduled-node-*.log)",
        () -> {
          try {
            return TestPostbox.await(http.get(port, "127.0.0.1", "/health/ready").send()).statusCode() == 200;
          } catch (RuntimeException notYet) {
            return false;
          }
        });
  }

  private static String userWithKey() {
    AdminStore admin = new AdminStore(pool);
    String email = TestPostbox.uniqueEmail("once");
    long id = TestPostbox.await(admin.createUser(email, 1000));
    String key = ApiKeys.generate(email);
    TestPostbox.await(admin.createApiKey(id, new ApiKeys(TestPostbox.API_KEY_SECRET).hash(key),
        key.substring(key.length() - 5), "once", OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)));
    return key;
  }

  /**
   * SES v2 {@code SendEmail} on one port: a message counts as taken by SES only when its answer is written on a
   * connection that is still open. While held, requests wait unanswered; those whose connection closed meanwhile
   * (their node died) are dropped, never taken.
   */
  private static final class FakeSes {
    private final Map<Long, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final List<Held> held = new ArrayList<>();
    private final Set<Long> dropped = ConcurrentHashMap.newKeySet();
    private volatile boolean holding;
    private int port;

    private record Held(HttpServerRequest request, long emailId, boolean[] closed) {
    }

    static FakeSes start(Vertx vertx) {
      FakeSes ses = new FakeSes();
      HttpServer server = TestPostbox.await(vertx.createHttpServer().requestHandler(ses::handle).listen(0, "127.0.0.1"));
      ses.port = server.actualPort();
      return ses;
    }

    private void handle(HttpServerRequest request) {
      boolean[] closed = {false};
      request.connection().closeHandler(ignored -> closed[0] = true);
      request.body().onSuccess(body -> {
        long emailId = emailId(body.toJsonObject());
        synchronized (this) {
          if (holding) {
            held.add(new Held(request, emailId, closed));
            return;
          }
        }
        answer(request, emailId, closed);
      });
    }

    private void answer(HttpServerRequest request, long emailId, boolean[] closed) {
      if (closed[0]) {
        dropped.add(emailId);
        return;
      }
      accepted.computeIfAbsent(emailId, id -> new AtomicInteger()).incrementAndGet();
      request.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("MessageId", "fake-" + UUID.randomUUID()).encode());
    }

    private static long emailId(JsonObject sendEmail) {
      for (Object tag : sendEmail.getJsonArray("EmailTags", new JsonArray())) {
        if ("postbox_email_id".equals(((JsonObject) tag).getString("Name"))) {
          return Long.parseLong(((JsonObject) tag).getString("Value"));
        }
      }
      return -1;
    }

    synchronized void hold() {
      holding = true;
    }

    synchronized int held() {
      return held.size();
    }

    /** Ends holding; the held requests of a node that died are dropped (after their close has been seen). */
    void dropHeldOfClosedConnections() {
      Eventually.await(Duration.ofSeconds(10), "the killed node's connections to close",
          () -> {
            synchronized (this) {
              return held.stream().allMatch(h -> h.closed()[0]);
            }
          });
      synchronized (this) {
        holding = false;
        held.forEach(h -> dropped.add(h.emailId()));
        held.clear();
      }
    }

    int accepted() {
      return accepted.size();
    }

    Set<Long> acceptedIds() {
      return Set.copyOf(accepted.keySet());
    }

    Set<Long> droppedIds() {
      return Set.copyOf(dropped);
    }
  }
}
