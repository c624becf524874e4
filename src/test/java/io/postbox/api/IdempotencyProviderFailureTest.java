package io.postbox.api;

import io.postbox.contract.Dispatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.ApiError;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §17 outcomes that need control over steps 9–16: this postbox runs only the api and store roles, and the
 * test answers the internal dispatch address itself, so it can fail with 503 {@code provider_unavailable}, fail
 * unexpectedly, or hold a send in flight for as long as it likes.
 */
class IdempotencyProviderFailureTest {
  private static final String SEND = "/v1/transactional/email/send";
  private static final String REPLAYED = "Idempotent-Replayed";
  private static final ApiError UNAVAILABLE = new ApiError(503, "provider_unavailable",
      "Email provider is unavailable; please retry later");
  private static TestPostbox postbox;
  private static MessageConsumer<Dispatch.SendCommand> dispatcher;
  private static final AtomicInteger dispatched = new AtomicInteger();
  private static final AtomicReference<Consumer<Message<Dispatch.SendCommand>>> dispatch = new AtomicReference<>();

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_ROLES", "api,store"));
    registerDispatch();
  }

  private static void registerDispatch() {
    dispatcher = postbox.vertx.eventBus().<Dispatch.SendCommand>consumer(Dispatch.SEND.address(), message -> {
      dispatched.incrementAndGet();
      dispatch.get().accept(message);
    });
    TestPostbox.await(dispatcher.completion());
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  @BeforeEach
  void reset() {
    dispatched.set(0);
    dispatch.set(IdempotencyProviderFailureTest::accept);
  }

  /** Stands in for dispatch's 201: an email object that names the request's subject. */
  private static void accept(Message<Dispatch.SendCommand> message) {
    JsonObject request = message.body().request();
    message.reply(new Dispatch.Sent(new JsonObject().put("id", Integer.toString(dispatched.get()))
        .put("status", "ACCEPTED").put("subject_sent", request.getString("subject"))));
  }

  private static HttpResponse<Buffer> send(TestUser user, String key) {
    return TestPostbox.await(sendLater(user, key));
  }

  private static Future<HttpResponse<Buffer>> sendLater(TestUser user, String key) {
    return postbox.post(SEND, user).putHeader("Idempotency-Key", key).sendJsonObject(new JsonObject()
        .put("recipient", "someone@example.com").put("subject", "Hello").put("body", "<p>Hi</p>"));
  }

  private static long keyRows(TestUser user, String key) {
    return postbox.sql("SELECT count(*) FROM idempotency_keys WHERE user_id = $1 AND key = $2", user.id(), key)
        .iterator().next().getLong(0);
  }

  @Test
  void providerUnavailableReleasesTheKeyAndARetryRunsAfresh() {
    TestUser user = postbox.createUser("unavailable", 1000);
    String key = "k-" + UUID.randomUUID();
    dispatch.set(message -> message.fail(UNAVAILABLE.status(), UNAVAILABLE.toJson().encode()));
    HttpResponse<Buffer> failed = send(user, key);
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.bodyAsJsonObject()).isEqualTo(UNAVAILABLE.toJson());
    assertThat(keyRows(user, key)).isZero();

    dispatch.set(IdempotencyProviderFailureTest::accept);
    HttpResponse<Buffer> retried = send(user, key);
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    assertThat(retried.getHeader(REPLAYED)).isNull();
    assertThat(dispatched.get()).isEqualTo(2);

    HttpResponse<Buffer> replayed = send(user, key);
    assertThat(replayed.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(replayed.bodyAsJsonObject()).isEqualTo(retried.bodyAsJsonObject());
    assertThat(dispatched.get()).isEqualTo(2);
  }

  @Test
  void aSendThatNoDispatcherTookReleasesTheKey() {
    TestUser user = postbox.createUser("nobody", 1000);
    String key = "k-" + UUID.randomUUID();
    TestPostbox.await(dispatcher.unregister());
    try {
      HttpResponse<Buffer> unanswered = send(user, key);
      assertThat(unanswered.statusCode()).isEqualTo(503);
      assertThat(unanswered.bodyAsJsonObject().getString("code")).isEqualTo("service_unavailable");
      assertThat(keyRows(user, key)).isZero();
    } finally {
      registerDispatch();
    }
    HttpResponse<Buffer> retried = send(user, key);
    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(retried.getHeader(REPLAYED)).isNull();
  }

  @Test
  void anotherProviderFailureIsStoredAndReplayed() {
    TestUser user = postbox.createUser("refused", 1000);
    String key = "k-" + UUID.randomUUID();
    ApiError refused = new ApiError(502, "provider_error", "Email provider refused the message");
    dispatch.set(message -> message.fail(refused.status(), refused.toJson().encode()));
    assertThat(send(user, key).statusCode()).isEqualTo(502);
    HttpResponse<Buffer> replayed = send(user, key);
    assertThat(replayed.statusCode()).isEqualTo(502);
    assertThat(replayed.bodyAsJsonObject()).isEqualTo(refused.toJson());
    assertThat(replayed.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(dispatched.get()).isEqualTo(1);
  }

  @Test
  void anUnexpectedFailureIsStoredWithTheTrackingIdTheClientWasGiven() {
    TestUser user = postbox.createUser("broken", 1000);
    String key = "k-" + UUID.randomUUID();
    dispatch.set(message -> message.fail(500, "not an envelope"));
    HttpResponse<Buffer> failed = send(user, key);
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.bodyAsJsonObject().getString("message")).contains(failed.getHeader("X-Request-Id"));
    HttpResponse<Buffer> replayed = send(user, key);
    assertThat(replayed.statusCode()).isEqualTo(500);
    assertThat(replayed.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(replayed.bodyAsJsonObject()).isEqualTo(failed.bodyAsJsonObject());
    assertThat(dispatched.get()).isEqualTo(1);
  }

  @Test
  void aSecondRequestWhileTheFirstIsHeldIs409ThenReplays() {
    TestUser user = postbox.createUser("held", 1000);
    String key = "k-" + UUID.randomUUID();
    Promise<Void> hold = Promise.promise();
    Promise<Void> arrived = Promise.promise();
    dispatch.set(message -> {
      arrived.tryComplete();
      hold.future().onComplete(released -> accept(message));
    });
    Future<HttpResponse<Buffer>> first = sendLater(user, key);
    TestPostbox.await(arrived.future());

    HttpResponse<Buffer> busy = send(user, key);
    assertThat(busy.statusCode()).isEqualTo(409);
    assertThat(busy.bodyAsJsonObject().getString("code")).isEqualTo("idempotency_in_progress");

    postbox.vertx.runOnContext(go -> hold.complete());
    HttpResponse<Buffer> done = TestPostbox.await(first);
    assertThat(done.statusCode()).isEqualTo(201);
    assertThat(done.getHeader(REPLAYED)).isNull();
    HttpResponse<Buffer> replayed = send(user, key);
    assertThat(replayed.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(replayed.bodyAsJsonObject()).isEqualTo(done.bodyAsJsonObject());
    assertThat(dispatched.get()).isEqualTo(1);
  }
}
