package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postbox.contract.Addresses;
import io.postbox.support.Eventually;
import io.postbox.support.TcpProxy;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * SPEC §24 against a real outage: the node reaches PostgreSQL through a proxy that is cut for 4 s while sends run at
 * about 50/s. Every answer is 201 or 503 {@code service_unavailable} with {@code Retry-After: 2}, never 500; every
 * email answered 201 still reaches DELIVERED (sandbox events that met the outage come again); the log has one WARN
 * for the outage and one INFO when it ends.
 */
class DatabaseOutageTest {
  private static final String UNAVAILABLE = "The service is temporarily unavailable. Please retry shortly.";
  private static final long CUT_AT_MS = 2_500;
  private static final long RESTORE_AT_MS = 6_500;
  private static final long SENDING_FOR_MS = 13_000;
  /** Generous: on a loaded machine the pool takes a few seconds to reconnect through the proxy. */
  private static final long RECOVERY_MS = 4_000;
  private static final long SEND_EVERY_MS = 20;

  private static TcpProxy proxy;
  private static TestPostbox postbox;
  private static TestUser user;
  private static Pool direct;
  /** Sends answered late must not hold up the others: one connection per send in flight. */
  private static WebClient senders;

  @BeforeAll
  static void start() {
    proxy = TestPostbox.databaseProxy();
    postbox = TestPostbox.start(Map.of(
        "POSTBOX_PG_URL", TestPostbox.databaseUrlThrough(proxy),
        "POSTBOX_SANDBOX_TIME_SCALE", "2"));
    user = postbox.createUser("outage", 10_000);
    senders = WebClient.create(postbox.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(postbox.config.getJsonObject("http").getInteger("port")),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(1_000));
    direct = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(StoreSettings.from(new JsonObject().put("pg", new JsonObject().put("url",
            TestPostbox.databaseUrl()))).adminConnectOptions())
        .using(postbox.vertx).build();
  }

  @AfterAll
  static void stop() {
    if (postbox != null) {
      postbox.close();
    }
    proxy.close();
  }

  @Test
  void anOutageAnswers503WithRetryAfterAndEveryAcceptedEmailIsStillDelivered() throws Exception {
    String created = postbox.send(user, sendBody()).bodyAsJsonObject().getString("id");
    ListAppender<ILoggingEvent> log = captureLog();
    List<Answer> answers = new CopyOnWriteArrayList<>();
    AtomicInteger pending = new AtomicInteger();
    AtomicLong readsAnsweredAt = new AtomicLong(Long.MAX_VALUE);
    long start = System.currentTimeMillis();
    long timer = postbox.vertx.setPeriodic(SEND_EVERY_MS, id -> {
      long sentAt = System.currentTimeMillis() - start;
      if (sentAt >= SENDING_FOR_MS) {
        postbox.vertx.cancelTimer(id);
        return;
      }
      pending.incrementAndGet();
      senders.post("/v1/transactional/email/send").putHeader("Authorization", "Bearer " + user.apiKey())
          .sendJsonObject(sendBody()).onComplete(done -> {
            answers.add(done.succeeded() ? Answer.of(sentAt, System.currentTimeMillis() - start, done.result())
                : new Answer(sentAt, System.currentTimeMillis() - start, -1, null, null, done.cause().toString()));
            pending.decrementAndGet();
          });
    });

    awaitScriptTime(start, CUT_AT_MS, "cut the database");
    proxy.cut();
    awaitScriptTime(start, CUT_AT_MS + 1_000, "read during the cut");
    List<Future<HttpResponse<Buffer>>> readsDuringCut = new ArrayList<>();
    for (String path : List.of("/v1/transactional/email/" + created, "/v1/transactional/email?limit=5",
        "/v1/transactional/email/" + created + "/events", "/v1/webhooks")) {
      readsDuringCut.add(senders.get(path).putHeader("Authorization", "Bearer " + user.apiKey()).send());
    }
    readsDuringCut.add(senders.post("/v1/webhooks").putHeader("Authorization", "Bearer " + user.apiKey())
        .sendJsonObject(new JsonObject().put("url", "https://example.com/hook")
            .put("event_types", new JsonArray().add("email.delivered"))));
    Future<Message<Object>> busGet = postbox.vertx.eventBus().request(Addresses.EMAIL_GET,
        new JsonObject().put("user_id", user.id()).put("email_id", created));
    Future<?> readsAnswered = Future.join(readsDuringCut).onComplete(done -> readsAnsweredAt.set(
        System.currentTimeMillis() - start));
    awaitScriptTime(start, RESTORE_AT_MS, "restore the database");
    long waitingAtRestore = TestPostbox.await(direct.preparedQuery("SELECT count(*) FROM emails WHERE user_id = $1 "
        + "AND status IN ('ACCEPTED', 'SENT')").execute(Tuple.of(user.id()))).iterator().next().getLong(0);
    proxy.restore();
    long restoredAt = System.currentTimeMillis() - start;
    Eventually.await(Duration.ofSeconds(60), "the sending window to end and every send to be answered",
        () -> System.currentTimeMillis() - start >= SENDING_FOR_MS && pending.get() == 0);
    postbox.vertx.cancelTimer(timer);
    assertThat(pending).hasValue(0);

    TestPostbox.await(readsAnswered);
    Throwable busFailure = TestPostbox.await(busGet.<Throwable>transform(done -> Future.succeededFuture(done.cause())));
    assertThat(busFailure).as("public event-bus API during the cut").isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) busFailure).failureCode()).isEqualTo(503);
    assertThat(new JsonObject(busFailure.getMessage()).getString("code")).isEqualTo("service_unavailable");
    assertThat(new JsonObject(busFailure.getMessage()).getString("message")).isEqualTo(UNAVAILABLE);
    assertThat(readsAnsweredAt.get()).as("reads answered during the cut").isLessThan(restoredAt);
    for (Future<HttpResponse<Buffer>> answered : readsDuringCut) {
      HttpResponse<Buffer> read = answered.result();
      assertUnavailable(read.statusCode(), read.getHeader("Retry-After"), read.bodyAsString());
    }
    List<Answer> unexpected = answers.stream()
        .filter(answer -> answer.status() != 201 && !isUnavailable(answer)).toList();
    assertThat(unexpected).as("answers other than 201 and 503 service_unavailable with Retry-After: 2").isEmpty();
    assertThat(answers).as("503 answers").anyMatch(answer -> answer.status() == 503);
    long lastUnavailableAnswer = answers.stream().filter(answer -> answer.status() == 503)
        .mapToLong(Answer::answeredAt).max().orElse(0);
    assertThat(answers).as("sends once the database has had %d ms to come back", RECOVERY_MS)
        .filteredOn(answer -> answer.sentAt() > restoredAt + RECOVERY_MS)
        .isNotEmpty()
        .allMatch(answer -> answer.status() == 201);
    assertThat(waitingAtRestore).as("emails accepted before the cut whose sandbox events met the outage")
        .isPositive();

    List<Long> acceptedIds = new ArrayList<>();
    answers.stream().filter(answer -> answer.status() == 201)
        .forEach(answer -> acceptedIds.add(Long.parseLong(answer.body().getString("id"))));
    Map<Long, String> statuses = awaitStatuses(acceptedIds, "DELIVERED", 60_000);
    assertThat(statuses).as("status of every email answered 201").hasSize(acceptedIds.size())
        .allSatisfy((id, status) -> assertThat(status).as("email " + id).isEqualTo("DELIVERED"));

    System.out.printf("Outage run: %d sends, %d answered 201, %d answered 503, %d waiting for events at restore, "
        + "last 503 answered %d ms after the restore%n", answers.size(), acceptedIds.size(),
        answers.stream().filter(answer -> answer.status() == 503).count(), waitingAtRestore,
        lastUnavailableAnswer - restoredAt);
    List<ILoggingEvent> events = List.copyOf(log.list);
    stopCapturing(log);
    assertThat(events).filteredOn(event -> event.getLoggerName().equals(DatabaseOutage.class.getName())
        && event.getLevel() == Level.WARN).as("outage WARN lines").hasSize(1);
    assertThat(events).filteredOn(event -> event.getLoggerName().equals(DatabaseOutage.class.getName())
        && event.getLevel() == Level.INFO).as("outage ended INFO lines").hasSize(1);
    assertThat(events).filteredOn(event -> event.getLevel() == Level.ERROR).as("ERROR lines").isEmpty();
    assertThat(events).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .as("WARN lines for %d answers", answers.size()).hasSizeLessThan(5);
  }

  private static JsonObject sendBody() {
    return new JsonObject().put("recipient", "success@simulator.amazonses.com").put("subject", "Outage")
        .put("body", "<p>Hello</p>");
  }

  private static boolean isUnavailable(Answer answer) {
    return answer.status() == 503 && "2".equals(answer.retryAfter()) && answer.body() != null
        && "service_unavailable".equals(answer.body().getString("code"))
        && UNAVAILABLE.equals(answer.body().getString("message"));
  }

  private static void assertUnavailable(int status, String retryAfter, String body) {
    assertThat(status).as(body).isEqualTo(503);
    assertThat(retryAfter).isEqualTo("2");
    assertThat(new JsonObject(body)).isEqualTo(new JsonObject().put("code", "service_unavailable")
        .put("message", UNAVAILABLE));
  }

  /** The outage follows a script: waits until {@code offsetMillis} after {@code start}, the time of {@code step}. */
  private static void awaitScriptTime(long start, long offsetMillis, String step) {
    Eventually.await(Duration.ofMillis(offsetMillis + 1_000), "the scripted time to " + step + " (+" + offsetMillis
        + " ms)", () -> System.currentTimeMillis() >= start + offsetMillis);
  }

  private static Map<Long, String> awaitStatuses(List<Long> ids, String wanted, long timeoutMillis) {
    return Eventually.await(Duration.ofMillis(timeoutMillis), "all " + ids.size() + " accepted emails to be " + wanted,
        () -> {
          Map<Long, String> statuses = new HashMap<>();
          for (Row row : TestPostbox.await(direct.preparedQuery("SELECT id, status FROM emails WHERE id = ANY($1)")
              .execute(Tuple.of(ids.toArray(Long[]::new))))) {
            statuses.put(row.getLong("id"), row.getString("status"));
          }
          return statuses;
        }, statuses -> statuses.size() == ids.size() && statuses.values().stream().allMatch(wanted::equals));
  }

  static ListAppender<ILoggingEvent> captureLog() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
    return appender;
  }

  static void stopCapturing(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
    appender.stop();
  }

  private record Answer(long sentAt, long answeredAt, int status, String retryAfter, JsonObject body,
      String failure) {
    static Answer of(long sentAt, long answeredAt, HttpResponse<Buffer> response) {
      JsonObject body;
      try {
        body = response.bodyAsJsonObject();
      } catch (RuntimeException notJson) {
        body = new JsonObject().put("raw", response.bodyAsString());
      }
      return new Answer(sentAt, answeredAt, response.statusCode(), response.getHeader("Retry-After"), body, null);
    }
  }
}
