package io.postbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.bus.EmailStoreClient;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.NormalizedEvent;
import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.postbox.support.WebhookReceiver;
import io.postbox.support.WebhookReceiver.Received;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §16 end to end: a real postbox in sandbox mode posts signed events to a real receiver on loopback. */
class WebhookDeliveryTest {
  private static TestPostbox postbox;
  private static WebhookReceiver receiver;
  private static TestUser user;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of(
        "POSTBOX_WEBHOOKS_ALLOW_PRIVATE", "true",
        "POSTBOX_WEBHOOKS_RETRY_SCALE", "0.00002",
        "POSTBOX_WEBHOOKS_TIMEOUT_MS", "1500",
        "POSTBOX_SANDBOX_TIME_SCALE", "0.5"));
    receiver = new WebhookReceiver(postbox.vertx);
    user = postbox.createUser("hooked", 1000);
    // Warm the ingestion path, so that the first Send event is not overtaken by its Delivery.
    String warmUp = send("success@simulator.amazonses.com");
    Eventually.await(Duration.ofSeconds(10), "the warm-up email to be DELIVERED", () -> "DELIVERED".equals(
        postbox.get(user, "/v1/transactional/email/" + warmUp).bodyAsJsonObject().getString("status")));
  }

  @AfterAll
  static void stop() {
    receiver.close();
    postbox.close();
  }

  static JsonObject register(TestPostbox postbox, TestUser user, String url, String... types) {
    HttpResponse<Buffer> created = TestPostbox.await(postbox.post("/v1/webhooks", user)
        .sendJsonObject(new JsonObject().put("url", url).put("event_types", new JsonArray(List.of(types)))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  static JsonObject deliveries(TestPostbox postbox, TestUser user, String webhookId) {
    HttpResponse<Buffer> response = postbox.get(user, "/v1/webhooks/" + webhookId + "/deliveries?limit=100");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static JsonArray awaitDeliveries(TestPostbox postbox, TestUser user, String webhookId,
      Predicate<JsonArray> done, long timeoutMillis) {
    return Eventually.await(Duration.ofMillis(timeoutMillis), "the delivery log of " + webhookId + " to settle",
        () -> deliveries(postbox, user, webhookId).getJsonArray("data"), done);
  }

  private static String path() {
    return "/hook/" + UUID.randomUUID();
  }

  private static String send(String recipient) {
    HttpResponse<Buffer> sent = postbox.send(user, new JsonObject().put("recipient", recipient)
        .put("subject", "Hooks").put("body", "<p>Hello</p>"));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    return sent.bodyAsJsonObject().getString("id");
  }

  @Test
  void aSentEmailRaisesSignedAcceptedSentAndDeliveredEvents() {
    String path = path();
    JsonObject webhook = register(postbox, user, receiver.url(path), "email.accepted", "email.sent",
        "email.delivered", "email.opened", "email.bounced", "email.complained");
    String secret = webhook.getString("secret");
    assertThat(secret).matches("whsec_[A-Za-z0-9+/]{32}");
    long sentAt = System.currentTimeMillis();
    String emailId = send("success@simulator.amazonses.com");

    List<Received> requests = receiver.await(path, 3, 10_000);
    assertThat(requests).hasSize(3);
    assertThat(requests.stream().map(request -> request.json().getString("type")))
        .containsExactlyInAnyOrder("email.accepted", "email.sent", "email.delivered");
    Received accepted = requests.stream().filter(r -> r.json().getString("type").equals("email.accepted"))
        .findFirst().orElseThrow();
    // SPEC §16: the first attempt within 5 s of the commit (not of the request, which a loaded machine may slow)
    long committedAt = Instant.parse(accepted.json().getJsonObject("data").getString("accepted_at")).toEpochMilli();
    assertThat(committedAt).isGreaterThanOrEqualTo(sentAt - 1_000);
    assertThat(accepted.receivedAtMillis() - committedAt).isLessThan(5_000);
    for (Received request : requests) {
      assertThat(WebhookReceiver.verify(secret, request)).as(request.toString()).isTrue();
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.header("User-Agent")).isEqualTo("Postbox-Webhooks/1");
      assertThat(request.header("webhook-id")).startsWith("msg_");
      assertThat(Long.parseLong(request.header("webhook-timestamp")))
          .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
      JsonObject body = request.json();
      assertThat(body.fieldNames()).containsExactly("type", "created_at", "data");
      assertThat(body.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      JsonObject email = body.getJsonObject("data");
      assertThat(email.getString("id")).isEqualTo(emailId);
      assertThat(email.containsKey("params")).isFalse();
      assertThat(email.getString("status")).isEqualTo(switch (body.getString("type")) {
        case "email.accepted" -> "ACCEPTED";
        case "email.sent" -> "SENT";
        default -> "DELIVERED";
      });
    }
    assertThat(requests.stream().map(request -> request.header("webhook-id")).distinct()).hasSize(3);

    JsonArray logged = awaitDeliveries(postbox, user, webhook.getString("id"),
        data -> data.size() == 3 && data.stream().allMatch(d -> ((JsonObject) d).getString("status").equals("succeeded")),
        5_000);
    assertThat(logged).hasSize(3);
    JsonObject delivery = logged.getJsonObject(0);
    assertThat(delivery.fieldNames()).containsExactly("id", "webhook_id", "event_id", "event_type", "status",
        "attempt_count", "next_attempt_at", "created_at", "updated_at", "attempts");
    assertThat(delivery.getString("id")).startsWith("whd_");
    assertThat(delivery.getInteger("attempt_count")).isEqualTo(1);
    assertThat(delivery.getValue("next_attempt_at")).isNull();
    JsonObject attempt = delivery.getJsonArray("attempts").getJsonObject(0);
    assertThat(attempt.fieldNames()).containsExactly("attempted_at", "response_status", "duration_ms", "error");
    assertThat(attempt.getInteger("response_status")).isEqualTo(200);
    assertThat(attempt.getValue("error")).isNull();
    assertThat(postbox.sql("SELECT attempts->0->>'response_body' FROM webhook_deliveries WHERE id = $1",
        delivery.getString("id")).iterator().next().getString(0)).isEqualTo("answer for " + path);
  }

  @Test
  void onlySubscribedTypesOfTheUsersOwnEmailsAreDelivered() {
    String path = path();
    register(postbox, user, receiver.url(path), "email.delivered");
    TestUser other = postbox.createUser("other", 1000);
    String otherPath = path();
    register(postbox, other, receiver.url(otherPath), "email.delivered");
    String emailId = send("success@simulator.amazonses.com");
    List<Received> requests = receiver.await(path, 1, 10_000);
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).json().getString("type")).isEqualTo("email.delivered");
    assertThat(requests.get(0).json().getJsonObject("data").getString("id")).isEqualTo(emailId);
    Eventually.never(Duration.ofMillis(500), "second delivery, nor any delivery to the other user's webhook",
        () -> receiver.received(path).size() != 1 || !receiver.received(otherPath).isEmpty());
  }

  @Test
  void aFailingReceiverIsRetriedOnTheScheduleAndTheDeliveryFailsAfterEightAttempts() {
    String path = path();
    receiver.respond(path, 500);
    JsonObject webhook = register(postbox, user, receiver.url(path), "email.accepted");
    send("success@simulator.amazonses.com");
    JsonArray data = awaitDeliveries(postbox, user, webhook.getString("id"),
        d -> d.size() == 1 && d.getJsonObject(0).getString("status").equals("failed"), 30_000);
    JsonObject delivery = data.getJsonObject(0);
    assertThat(delivery.getString("status")).isEqualTo("failed");
    assertThat(delivery.getInteger("attempt_count")).isEqualTo(8);
    assertThat(delivery.getValue("next_attempt_at")).isNull();
    JsonArray attempts = delivery.getJsonArray("attempts");
    assertThat(attempts).hasSize(8);
    for (Object item : attempts) {
      assertThat(((JsonObject) item).getInteger("response_status")).isEqualTo(500);
      assertThat(((JsonObject) item).getString("error")).isEqualTo("response status 500");
    }
    List<Received> requests = receiver.received(path);
    assertThat(requests).hasSize(8);
    assertThat(requests.stream().map(request -> request.header("webhook-id")).distinct()).hasSize(1);
    assertThat(requests.stream().map(Received::body).distinct()).hasSize(1);
    Eventually.never(Duration.ofMillis(300), "ninth attempt after the delivery failed",
        () -> receiver.received(path).size() != 8);
  }

  @Test
  void aReplayResendsTheSameEventWithAFreshTimestampAndSignature() {
    String path = path();
    JsonObject webhook = register(postbox, user, receiver.url(path), "email.accepted");
    send("success@simulator.amazonses.com");
    Received first = receiver.await(path, 1, 10_000).get(0);
    JsonArray data = awaitDeliveries(postbox, user, webhook.getString("id"),
        d -> d.size() == 1 && d.getJsonObject(0).getString("status").equals("succeeded"), 5_000);
    JsonObject original = data.getJsonObject(0);
    long firstSecond = Long.parseLong(first.header("webhook-timestamp"));
    Eventually.await(Duration.ofMillis(2_100), "the clock to pass the first attempt's second",
        () -> Instant.now().getEpochSecond() > firstSecond);

    HttpResponse<Buffer> replayed = TestPostbox.await(postbox.post("/v1/webhooks/" + webhook.getString("id")
        + "/deliveries/" + original.getString("id") + "/replay", user).send());
    assertThat(replayed.statusCode()).as(replayed.bodyAsString()).isEqualTo(202);
    JsonObject replay = replayed.bodyAsJsonObject();
    assertThat(replay.getString("id")).startsWith("whd_").isNotEqualTo(original.getString("id"));
    assertThat(replay.getString("event_id")).isEqualTo(original.getString("event_id"));
    assertThat(replay.getString("event_type")).isEqualTo("email.accepted");
    assertThat(replay.getString("status")).isEqualTo("pending");
    assertThat(replay.getInteger("attempt_count")).isZero();

    List<Received> requests = receiver.await(path, 2, 5_000);
    assertThat(requests).hasSize(2);
    Received second = requests.get(1);
    assertThat(second.header("webhook-id")).isEqualTo(first.header("webhook-id")).isEqualTo(original.getString("event_id"));
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(Long.parseLong(second.header("webhook-timestamp")))
        .isGreaterThan(Long.parseLong(first.header("webhook-timestamp")));
    assertThat(second.header("webhook-signature")).isNotEqualTo(first.header("webhook-signature"));
    assertThat(WebhookReceiver.verify(webhook.getString("secret"), second)).isTrue();
    assertThat(deliveries(postbox, user, webhook.getString("id")).getJsonArray("data").getJsonObject(0)
        .getString("id")).isEqualTo(replay.getString("id"));
  }

  @Test
  void aTestPingIsDeliveredAlsoWhenTheWebhookIsDisabled() {
    String path = path();
    JsonObject webhook = register(postbox, user, receiver.url(path), "email.bounced");
    String id = webhook.getString("id");
    HttpResponse<Buffer> ping = TestPostbox.await(postbox.post("/v1/webhooks/" + id + "/test", user).send());
    assertThat(ping.statusCode()).as(ping.bodyAsString()).isEqualTo(202);
    assertThat(ping.bodyAsJsonObject().getString("event_type")).isEqualTo("webhook.test");
    assertThat(ping.bodyAsJsonObject().getString("webhook_id")).isEqualTo(id);
    Received received = receiver.await(path, 1, 5_000).get(0);
    JsonObject body = received.json();
    assertThat(body.getString("type")).isEqualTo("webhook.test");
    assertThat(body.getJsonObject("data")).isEqualTo(new JsonObject().put("webhook_id", id));
    assertThat(WebhookReceiver.verify(webhook.getString("secret"), received)).isTrue();

    assertThat(TestPostbox.await(postbox.http.patch("/v1/webhooks/" + id)
        .putHeader("Authorization", "Bearer " + user.apiKey())
        .sendJsonObject(new JsonObject().put("enabled", false))).statusCode()).isEqualTo(200);
    assertThat(TestPostbox.await(postbox.post("/v1/webhooks/" + id + "/test", user).send()).statusCode())
        .isEqualTo(202);
    assertThat(receiver.await(path, 2, 5_000)).hasSize(2);
  }

  @Test
  void disablingAWebhookFailsItsPendingDeliveriesAndStopsNewOnes() {
    String path = path();
    receiver.respond(path, 0);
    JsonObject webhook = register(postbox, user, receiver.url(path), "email.accepted");
    String id = webhook.getString("id");
    TestPostbox.await(postbox.post("/v1/webhooks/" + id + "/test", user).send());
    receiver.await(path, 1, 5_000);
    HttpResponse<Buffer> disabled = TestPostbox.await(postbox.http.patch("/v1/webhooks/" + id)
        .putHeader("Authorization", "Bearer " + user.apiKey())
        .sendJsonObject(new JsonObject().put("enabled", false)));
    assertThat(disabled.bodyAsJsonObject().getBoolean("enabled")).isFalse();
    JsonObject delivery = deliveries(postbox, user, id).getJsonArray("data").getJsonObject(0);
    assertThat(delivery.getString("status")).isEqualTo("failed");
    assertThat(delivery.getJsonArray("attempts").getJsonObject(0).getString("error")).isEqualTo("webhook disabled");

    send("success@simulator.amazonses.com");
    Eventually.never(Duration.ofMillis(2_500), "new delivery for the disabled webhook", () -> {
      JsonArray logged = deliveries(postbox, user, id).getJsonArray("data");
      return logged.size() != 1 || !"failed".equals(logged.getJsonObject(0).getString("status"));
    });
    JsonArray data = deliveries(postbox, user, id).getJsonArray("data");
    assertThat(data).hasSize(1);
    assertThat(data.getJsonObject(0).getString("status")).isEqualTo("failed");
    assertThat(data.getJsonObject(0).getJsonArray("attempts").stream()
        .map(attempt -> ((JsonObject) attempt).getString("error")))
        .containsExactly("webhook disabled", "timeout after 1500 ms");
  }

  @Test
  void aSoftThenAHardBounceGiveTwoBouncedEvents() {
    String path = path();
    register(postbox, user, receiver.url(path), "email.bounced");
    long emailId = postbox.sql("""
        INSERT INTO emails (user_id, from_address, recipient, params, status, status_rank, accepted_at)
        VALUES ($1, 'a@example.com', 'soft@example.com', '{}', 'ACCEPTED', 1, now()) RETURNING id""", user.id())
        .iterator().next().getLong(0);
    bounce(emailId, "Transient", "2025-01-01T00:00:01.000Z");
    assertThat(receiver.await(path, 1, 5_000)).hasSize(1);
    bounce(emailId, "Permanent", "2025-01-01T00:00:02.000Z");
    List<Received> requests = receiver.await(path, 2, 5_000);
    assertThat(requests).hasSize(2);
    assertThat(requests.stream().map(r -> r.json().getString("type"))).containsOnly("email.bounced");
    assertThat(requests.stream().map(r -> r.json().getJsonObject("data").getString("error_code")))
        .containsExactlyInAnyOrder("Soft bounce", "Hard bounce");
    bounce(emailId, "Transient", "2025-01-01T00:00:03.000Z");
    Eventually.never(Duration.ofMillis(1_500), "webhook for the repeated soft bounce",
        () -> receiver.received(path).size() != 2);
  }

  private static void bounce(long emailId, String bounceType, String at) {
    NormalizedEvent event = new NormalizedEvent("test:bounce:" + emailId + ":" + at, "bounce", "ses",
        Instant.parse(at), emailId, null, "soft@example.com", bounceType, "General", null, false, false,
        new JsonObject());
    TestPostbox.await(new EmailStoreClient(postbox.vertx).applyEvents(
        new ApplyEvents(List.of(EventMessage.withEvents("ses", "{}", List.of(event))))));
  }
}
