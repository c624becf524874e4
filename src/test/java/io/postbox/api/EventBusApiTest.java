package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §19: a sibling verticle sends, gets and lists through the public addresses and hears status changes. */
class EventBusApiTest {
  private static TestPostbox postbox;
  private static TestUser user;
  private static final List<JsonObject> statusChanges = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    // sandbox events far in the future: the sibling reads back the email exactly as its send left it
    postbox = TestPostbox.start(java.util.Map.of("POSTBOX_SANDBOX_TIME_SCALE", "1000"));
    user = postbox.createUser("sibling", 1000);
    postbox.vertx.eventBus().<JsonObject>consumer(Addresses.EMAIL_STATUS_CHANGED, message -> statusChanges.add(message.body()));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  /** What a product team's own verticle would do: send, then read the email back, then list. */
  static final class SiblingVerticle extends VerticleBase {
    private final long userId;
    JsonObject sent;
    JsonObject fetched;
    JsonObject listed;

    SiblingVerticle(long userId) {
      this.userId = userId;
    }

    @Override
    public Future<?> start() {
      EventBus bus = vertx.eventBus();
      JsonObject request = new JsonObject().put("recipient", "friend@example.com").put("subject", "From a sibling")
          .put("body", "<p>hello</p>").put("tag", "sibling").put("cc", new JsonArray().add("cc@example.com"));
      return bus.<JsonObject>request(Addresses.EMAIL_SEND, new JsonObject().put("user_id", userId).put("request", request),
              new DeliveryOptions().setSendTimeout(30_000))
          .map(Message::body)
          .compose(email -> {
            sent = email;
            return bus.<JsonObject>request(Addresses.EMAIL_GET,
                new JsonObject().put("user_id", userId).put("email_id", email.getString("id")));
          })
          .compose(reply -> {
            fetched = reply.body();
            return bus.<JsonObject>request(Addresses.EMAIL_LIST, new JsonObject().put("user_id", userId)
                .put("query", new JsonObject().put("tag", "sibling").put("limit", 5).put("exclude_params", true)));
          })
          .map(reply -> listed = reply.body());
    }
  }

  @Test
  void aSiblingVerticleSendsGetsAndLists() {
    SiblingVerticle sibling = new SiblingVerticle(user.id());
    TestPostbox.await(postbox.vertx.deployVerticle(sibling));
    assertThat(sibling.sent.getString("status")).isEqualTo("ACCEPTED");
    assertThat(sibling.sent.getJsonArray("cc")).containsExactly("cc@example.com");
    assertThat(sibling.fetched).isEqualTo(sibling.sent);
    assertThat(sibling.listed.getBoolean("has_more")).isFalse();
    assertThat(sibling.listed.getJsonArray("data")).hasSize(1);
    assertThat(sibling.listed.getJsonArray("data").getJsonObject(0).containsKey("params")).isFalse();

    long deadline = System.currentTimeMillis() + 5_000;
    while (statusChanges.stream().noneMatch(change -> change.getString("email_id").equals(sibling.sent.getString("id")))
        && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    JsonObject change = statusChanges.stream()
        .filter(candidate -> candidate.getString("email_id").equals(sibling.sent.getString("id"))).findFirst().orElseThrow();
    assertThat(change.getLong("user_id")).isEqualTo(user.id());
    assertThat(change.getString("previous_status")).isEqualTo("UNSENT");
    assertThat(change.getString("status")).isEqualTo("ACCEPTED");
    assertThat(change.getJsonObject("cause").getString("source")).isEqualTo("api");
    assertThat(change.getJsonObject("email").containsKey("params")).isFalse();
  }

  @Test
  void failuresComeBackAsReplyExceptionsCarryingTheEnvelope() {
    EventBus bus = postbox.vertx.eventBus();
    assertFailure(bus.request(Addresses.EMAIL_SEND, new JsonObject().put("user_id", user.id())
            .put("request", new JsonObject().put("recipient", "x@example.com").put("subject", "s").put("body", "b")
                .put("from", "someone@elsewhere.com"))),
        400, "invalid_from_address", "From address must be the default sender address or your own verified email address");
    assertFailure(bus.request(Addresses.EMAIL_SEND, new JsonObject().put("user_id", user.id())
            .put("request", new JsonObject().put("subject", "s").put("body", "b"))),
        400, "api_validation", "\"recipient\" is required");
    assertFailure(bus.request(Addresses.EMAIL_SEND, new JsonObject().put("user_id", user.id())
            .put("request", new JsonObject().put("recipient", "x@example.com").put("subject", "s").put("body", "b")
                .put("attachments", new JsonArray()))),
        400, "attachment_format", "Attachments must be sent via form-data");
    assertFailure(bus.request(Addresses.EMAIL_GET, new JsonObject().put("user_id", 999_999_999L).put("email_id", "1")),
        401, "unauthenticated", "Missing or invalid API key");
    assertFailure(bus.request(Addresses.EMAIL_GET, new JsonObject().put("user_id", user.id()).put("email_id", "999999999")),
        404, "not_found", "Email message with ID 999999999 not found.");
    assertFailure(bus.request(Addresses.EMAIL_LIST, new JsonObject().put("user_id", user.id())
        .put("query", new JsonObject().put("limit", 0))), 400, "api_validation", "\"limit\" must be greater than or equal to 1");
  }

  @Test
  void theBusAppliesTheInputRulesOfHttp() {
    EventBus bus = postbox.vertx.eventBus();
    JsonObject request = new JsonObject().put("recipient", "x@example.com").put("subject", "s").put("body", "b");
    assertFailure(bus.request(Addresses.EMAIL_SEND, new JsonObject().put("user_id", user.id())
            .put("request", request.copy().put("tag", "a\u0000b"))),
        400, "api_validation", "\"tag\" must not contain control characters");
    assertFailure(bus.request(Addresses.EMAIL_SEND, new JsonObject().put("user_id", user.id())
            .put("request", request.copy().put("cc", new JsonArray().add("c\u001b@example.com")))),
        400, "api_validation", "\"cc[0]\" must not contain control characters");
    assertFailure(bus.request(Addresses.EMAIL_SEND, new JsonObject().put("user_id", user.id())
            .put("request", request.copy().put("subject", "s".repeat(999)))),
        400, "api_validation", "\"subject\" must be at most 998 characters");
    assertFailure(bus.request(Addresses.EMAIL_GET, new JsonObject().put("user_id", user.id()).put("email_id", "1\u0000")),
        400, "api_validation", "\"email_id\" must not contain control characters");
    assertFailure(bus.request(Addresses.EMAIL_LIST, new JsonObject().put("user_id", user.id())
            .put("query", new JsonObject().put("status", "SENT\u0001"))),
        400, "api_validation", "\"status\" must not contain control characters");
    assertFailure(bus.request(Addresses.EMAIL_LIST, new JsonObject().put("user_id", user.id())
            .put("query", new JsonObject().put("created_at", new JsonObject().put("gte", "\u00002024-01-01")))),
        400, "api_validation", "\"created_at[gte]\" must not contain control characters");
  }

  private static void assertFailure(Future<Message<Object>> reply, int status, String code, String message) {
    Throwable failure = TestPostbox.await(reply.map(ok -> (Throwable) null).recover(Future::succeededFuture));
    ApiError error = ApiError.fromFailure(failure);
    assertThat(error).as(String.valueOf(failure)).isEqualTo(new ApiError(status, code, message));
  }
}
