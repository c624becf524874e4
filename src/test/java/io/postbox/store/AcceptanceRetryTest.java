package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.EmailStore;
import io.postbox.support.Eventually;
import io.postbox.support.TcpProxy;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §24: SES (the sandbox) accepted the message, then the database went away just before the acceptance was
 * committed. Back within 10 s: the send still answers 201. Gone longer: 503 {@code service_unavailable}, the
 * Idempotency-Key stays in flight, and the SES events bring the row up to date anyway.
 */
class AcceptanceRetryTest {
  private static TcpProxy proxy;
  private static TestPostbox postbox;
  private static TestUser user;
  private static Pool direct;
  private static final AtomicLong cutForMillis = new AtomicLong();

  @BeforeAll
  static void start() {
    proxy = TestPostbox.databaseProxy();
    postbox = TestPostbox.start(Map.of("POSTBOX_PG_URL", TestPostbox.databaseUrlThrough(proxy)));
    user = postbox.createUser("accepting", 1000);
    direct = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(StoreSettings.from(new JsonObject().put("pg", new JsonObject().put("url",
            TestPostbox.databaseUrl()))).adminConnectOptions())
        .using(postbox.vertx).build();
    postbox.vertx.eventBus().addOutboundInterceptor(AcceptanceRetryTest::cutBeforeAcceptance);
  }

  /** The next acceptance leaves for the store only after the database has been cut, for {@link #cutForMillis}. */
  private static void cutBeforeAcceptance(DeliveryContext<Object> delivery) {
    if (delivery.message().address().equals(EmailStore.ACCEPTED.address())) {
      long cut = cutForMillis.getAndSet(0);
      if (cut > 0) {
        proxy.cut();
        postbox.vertx.setTimer(cut, fired -> proxy.restore());
      }
    }
    delivery.next();
  }

  @AfterEach
  void restore() {
    Eventually.await(Duration.ofSeconds(30), "the timed database cut to be restored", () -> !proxy.isCut());
  }

  @AfterAll
  static void stop() {
    if (postbox != null) {
      postbox.close();
    }
    proxy.close();
  }

  @Test
  void anAcceptanceThatMeetsAShortOutageIsRetriedAndTheSendAnswers201() {
    cutForMillis.set(3_000);
    long start = System.nanoTime();
    HttpResponse<Buffer> sent = postbox.send(user, body("short"));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    assertThat(elapsedMillis).as("waited for the database").isGreaterThanOrEqualTo(2_500);
    assertThat(sent.bodyAsJsonObject().getString("status")).isEqualTo("ACCEPTED");
    assertThat(awaitStatus(sent.bodyAsJsonObject().getString("id"), "DELIVERED")).isEqualTo("DELIVERED");
  }

  @Test
  void pastTenSecondsTheSendAnswers503TheKeyStaysInFlightAndTheEventsStillUpdateTheRow() {
    cutForMillis.set(16_000);
    String key = "acceptance-" + UUID.randomUUID();
    String subject = "long " + key;
    long start = System.nanoTime();
    HttpResponse<Buffer> sent = TestPostbox.await(postbox.post("/v1/transactional/email/send", user)
        .putHeader("Idempotency-Key", key).sendJsonObject(body(subject)));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(503);
    assertThat(sent.getHeader("Retry-After")).isEqualTo("2");
    assertThat(sent.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "service_unavailable")
        .put("message", "The service is temporarily unavailable. Please retry shortly."));
    assertThat(elapsedMillis).as("retried for about 10 s").isBetween(9_000L, 16_000L);

    RowSet<Row> claim = TestPostbox.await(direct.preparedQuery(
        "SELECT state FROM idempotency_keys WHERE user_id = $1 AND key = $2").execute(Tuple.of(user.id(), key)));
    assertThat(claim.iterator().next().getString("state")).isEqualTo("in_flight");

    restoreNow();
    HttpResponse<Buffer> again = TestPostbox.await(postbox.post("/v1/transactional/email/send", user)
        .putHeader("Idempotency-Key", key).sendJsonObject(body(subject)));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("idempotency_in_progress");

    RowSet<Row> rows = TestPostbox.await(direct.preparedQuery(
        "SELECT id FROM emails WHERE user_id = $1 AND params->>'subject' = $2").execute(Tuple.of(user.id(), subject)));
    assertThat(rows.size()).isEqualTo(1);
    assertThat(awaitStatus(Long.toString(rows.iterator().next().getLong("id")), "DELIVERED")).isEqualTo("DELIVERED");
  }

  /** Restores the database and waits until the node answers from it again. */
  private static void restoreNow() {
    proxy.restore();
    Eventually.await(Duration.ofSeconds(15), "the node to be ready again after the restore",
        () -> TestPostbox.await(postbox.http.get("/health/ready").send()).statusCode() == 200);
  }

  private static JsonObject body(String subject) {
    return new JsonObject().put("recipient", "success@simulator.amazonses.com").put("subject", subject)
        .put("body", "<p>Hello</p>");
  }

  private static String awaitStatus(String id, String wanted) {
    return Eventually.await(Duration.ofSeconds(30), "email " + id + " to be " + wanted,
        () -> TestPostbox.await(direct.preparedQuery("SELECT status FROM emails WHERE id = $1")
            .execute(Tuple.of(Long.parseLong(id)))).iterator().next().getString(0), wanted::equals);
  }
}
