package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.bus.EmailStoreClient;
import io.postbox.contract.Addresses;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.NormalizedEvent;
import io.postbox.contract.StatusChange;
import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public {@code postbox.email.status-changed.v1} message of SPEC §19 is the same JSON as before the bus was
 * typed, field for field and in the same order, whether an acceptance or an SES event made the change.
 */
class StatusChangedMessageTest {
  private static TestPostbox postbox;
  private static TestUser user;
  private static final List<JsonObject> published = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    // sandbox events far in the future: only this test's changes reach the row
    postbox = TestPostbox.start(java.util.Map.of("POSTBOX_SANDBOX_TIME_SCALE", "1000"));
    user = postbox.createUser("published", 1000);
    TestPostbox.await(postbox.vertx.eventBus().<JsonObject>consumer(Addresses.EMAIL_STATUS_CHANGED,
        message -> published.add(message.body())).completion());
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  @Test
  void theRecordEncodesAsTheMessageOfSpec19() {
    JsonObject email = new JsonObject().put("id", "42").put("status", "DELIVERED");
    StatusChange change = new StatusChange(42, 7, "SENT", "DELIVERED",
        new StatusChange.Cause("delivery", "ses", Instant.parse("2025-01-02T03:04:05.678Z")), email);

    assertThat(change.toJson().encode()).isEqualTo("{\"email_id\":\"42\",\"user_id\":7,\"previous_status\":\"SENT\","
        + "\"status\":\"DELIVERED\",\"cause\":{\"type\":\"delivery\",\"source\":\"ses\","
        + "\"occurred_at\":\"2025-01-02T03:04:05.678Z\"},\"email\":{\"id\":\"42\",\"status\":\"DELIVERED\"}}");
  }

  @Test
  void anAcceptanceAndAnSesEventPublishTheSameJsonAsBefore() {
    HttpResponse<Buffer> sent = postbox.send(user, new JsonObject().put("recipient", "reader@example.com")
        .put("subject", "Published").put("body", "<p>hi</p>").put("tag", "published")
        .put("metadata", new JsonObject().put("order_id", "O-1")));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    String id = sent.bodyAsJsonObject().getString("id");

    JsonObject accepted = awaitChange(id, "ACCEPTED");
    JsonObject afterAcceptance = withoutParams(read(id));
    assertThat(accepted.encode()).isEqualTo(expected(id, "UNSENT", "ACCEPTED", "accepted", "api",
        afterAcceptance.getString("accepted_at"), afterAcceptance).encode());
    assertThat(withoutParams(sent.bodyAsJsonObject()).encode()).isEqualTo(afterAcceptance.encode());
    assertThat(accepted.getJsonObject("email").getJsonObject("metadata"))
        .isEqualTo(new JsonObject().put("order_id", "O-1"));

    Instant sentAt = Instant.parse(afterAcceptance.getString("accepted_at")).plusSeconds(1);
    NormalizedEvent send = new NormalizedEvent("test:send:" + id, "send", "ses", sentAt, Long.parseLong(id), null,
        null, null, null, null, false, false, new JsonObject());
    TestPostbox.await(new EmailStoreClient(postbox.vertx).applyEvents(
        new ApplyEvents(List.of(EventMessage.withEvents("sqs", "{}", List.of(send))))));

    JsonObject sentChange = awaitChange(id, "SENT");
    JsonObject afterSend = withoutParams(read(id));
    assertThat(Instant.parse(afterSend.getString("sent_at"))).isEqualTo(sentAt);
    assertThat(sentChange.encode()).isEqualTo(expected(id, "ACCEPTED", "SENT", "send", "ses",
        afterSend.getString("sent_at"), afterSend).encode());
  }

  /** The message as {@code store/StatusChanges} built it key by key before the bus was typed. */
  private static JsonObject expected(String id, String previous, String status, String causeType, String source,
      String occurredAt, JsonObject email) {
    return new JsonObject()
        .put("email_id", id)
        .put("user_id", user.id())
        .put("previous_status", previous)
        .put("status", status)
        .put("cause", new JsonObject().put("type", causeType).put("source", source).put("occurred_at", occurredAt))
        .put("email", email);
  }

  private static JsonObject awaitChange(String id, String status) {
    Eventually.await(Duration.ofSeconds(10), "the change of email " + id + " to " + status, () ->
        find(id, status).isPresent());
    return find(id, status).orElseThrow();
  }

  private static Optional<JsonObject> find(String id, String status) {
    return published.stream()
        .filter(change -> id.equals(change.getString("email_id")) && status.equals(change.getString("status")))
        .findFirst();
  }

  private static JsonObject read(String id) {
    HttpResponse<Buffer> response = postbox.get(user, "/v1/transactional/email/" + id);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonObject withoutParams(JsonObject email) {
    JsonObject copy = email.copy();
    copy.remove("params");
    return copy;
  }
}
