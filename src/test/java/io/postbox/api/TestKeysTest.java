package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Addresses;
import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §28 on a sandbox node: a test key's emails are flagged {@code "test": true} and run through the simulator;
 * each mode (test, live) gets, lists, reads the timeline of and counts only its own emails.
 */
class TestKeysTest {
  private static final String EMAILS = "/v1/transactional/email";
  private static TestPostbox postbox;
  private static TestUser live;
  private static TestUser test;
  private static TestUser testReader;
  private static String liveId;
  private static String testId;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_SANDBOX_TIME_SCALE", "0"));
    live = postbox.createUser("modes", 1000);
    test = postbox.withKey(live, "full", "test");
    testReader = postbox.withKey(live, "read", "test");
    HttpResponse<Buffer> liveSent = postbox.send(live, email("live"));
    HttpResponse<Buffer> testSent = postbox.send(test, email("test"));
    assertThat(liveSent.statusCode()).as(liveSent.bodyAsString()).isEqualTo(201);
    assertThat(testSent.statusCode()).as(testSent.bodyAsString()).isEqualTo(201);
    liveId = liveSent.bodyAsJsonObject().getString("id");
    testId = testSent.bodyAsJsonObject().getString("id");
    for (TestUser reader : List.of(live, test)) {
      String id = reader == live ? liveId : testId;
      Eventually.await(Duration.ofSeconds(20), "email " + id + " delivered in the sandbox",
          () -> postbox.get(reader, EMAILS + "/" + id).bodyAsJsonObject(),
          email -> "DELIVERED".equals(email.getString("status")));
    }
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject email(String tag) {
    return new JsonObject().put("recipient", "success+" + tag + "@simulator.amazonses.com").put("subject", "Modes")
        .put("body", "<p>hi</p>").put("tag", tag);
  }

  @Test
  void theEmailObjectSaysWhetherItIsATest() {
    JsonObject testEmail = postbox.get(test, EMAILS + "/" + testId).bodyAsJsonObject();
    JsonObject liveEmail = postbox.get(live, EMAILS + "/" + liveId).bodyAsJsonObject();
    assertThat(testEmail.getBoolean("test")).isTrue();
    assertThat(liveEmail.getBoolean("test")).isFalse();
    List<String> keys = new ArrayList<>(liveEmail.fieldNames());
    assertThat(keys.indexOf("test")).as(keys.toString()).isGreaterThan(keys.indexOf("disable_tracking"));
    assertThat(postbox.send(test, email("answer")).bodyAsJsonObject().getBoolean("test")).isTrue();
    assertThat(postbox.send(live, email("answer")).bodyAsJsonObject().getBoolean("test")).isFalse();
  }

  @Test
  void eachModeGetsOnlyItsOwnEmails() {
    assertThat(postbox.get(testReader, EMAILS + "/" + testId).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> liveAsksForTest = postbox.get(live, EMAILS + "/" + testId);
    assertThat(liveAsksForTest.statusCode()).isEqualTo(404);
    assertThat(liveAsksForTest.bodyAsJsonObject().getString("message"))
        .isEqualTo("Email message with ID " + testId + " not found.");
    assertThat(postbox.get(test, EMAILS + "/" + liveId).statusCode()).isEqualTo(404);
  }

  @Test
  void eachModeReadsOnlyItsOwnTimelines() {
    JsonObject timeline = postbox.get(testReader, EMAILS + "/" + testId + "/events").bodyAsJsonObject();
    assertThat(timeline.getJsonArray("data").stream().map(entry -> ((JsonObject) entry).getString("type")))
        .contains("accepted", "send", "delivery");
    assertThat(postbox.get(live, EMAILS + "/" + testId + "/events").statusCode()).isEqualTo(404);
    assertThat(postbox.get(test, EMAILS + "/" + liveId + "/events").statusCode()).isEqualTo(404);
  }

  @Test
  void eachModeListsOnlyItsOwnEmails() {
    assertThat(ids(live, "?limit=1000")).contains(liveId).doesNotContain(testId);
    assertThat(ids(testReader, "?limit=1000")).contains(testId).doesNotContain(liveId);
    assertThat(ids(test, "?tag=live")).isEmpty();
    assertThat(ids(live, "?tag=test")).isEmpty();
    assertThat(ids(test, "?tag=test&status=DELIVERED")).containsExactly(testId);
  }

  @Test
  void eachModeCountsOnlyItsOwnEmails() {
    JsonObject liveStats = postbox.get(live, EMAILS + "/stats?group_by=tag").bodyAsJsonObject();
    JsonObject testStats = postbox.get(testReader, EMAILS + "/stats?group_by=tag").bodyAsJsonObject();
    assertThat(tags(liveStats)).contains("live").doesNotContain("test");
    assertThat(tags(testStats)).contains("test").doesNotContain("live");
    JsonObject testGroup = testStats.getJsonArray("data").stream().map(JsonObject.class::cast)
        .filter(group -> "test".equals(group.getString("tag"))).findFirst().orElseThrow();
    assertThat(testGroup.getLong("total")).isEqualTo(1L);
    assertThat(testGroup.getJsonObject("counts").getLong("DELIVERED")).isEqualTo(1L);
  }

  @Test
  void webhookPayloadsAndStatusChangesCarryTheFlag() {
    List<JsonObject> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
    var consumer = postbox.vertx.eventBus().<JsonObject>consumer(Addresses.EMAIL_STATUS_CHANGED,
        message -> changes.add(message.body()));
    TestPostbox.await(consumer.completion());
    try {
      String id = postbox.send(test, email("changes")).bodyAsJsonObject().getString("id");
      Eventually.await(Duration.ofSeconds(20), "a status change of the test email",
          () -> changes.stream().anyMatch(change -> id.equals(change.getString("email_id"))));
      JsonObject change = changes.stream().filter(c -> id.equals(c.getString("email_id"))).findFirst().orElseThrow();
      assertThat(change.getJsonObject("email").getBoolean("test")).isTrue();
    } finally {
      TestPostbox.await(consumer.unregister());
    }
  }

  @Test
  void aSiblingVerticlePassesTheKeysMode() {
    JsonObject request = email("bus-" + UUID.randomUUID().toString().substring(0, 8));
    JsonObject sent = TestPostbox.await(postbox.vertx.eventBus().<JsonObject>request(Addresses.EMAIL_SEND,
        new JsonObject().put("user_id", live.id()).put("mode", "test").put("request", request))).body();
    assertThat(sent.getBoolean("test")).isTrue();
    JsonObject asTest = TestPostbox.await(postbox.vertx.eventBus().<JsonObject>request(Addresses.EMAIL_LIST,
        new JsonObject().put("user_id", live.id()).put("mode", "test")
            .put("query", new JsonObject().put("tag", request.getString("tag"))))).body();
    JsonObject asLive = TestPostbox.await(postbox.vertx.eventBus().<JsonObject>request(Addresses.EMAIL_LIST,
        new JsonObject().put("user_id", live.id()).put("query", new JsonObject().put("tag", request.getString("tag")))))
        .body();
    assertThat(asTest.getJsonArray("data")).hasSize(1);
    assertThat(asLive.getJsonArray("data")).isEmpty();
  }

  /** One Idempotency-Key used by a live and a test key of one user: the second is a different request. */
  @Test
  void anIdempotencyKeyDoesNotReplayAcrossModes() {
    String key = "modes-" + UUID.randomUUID();
    JsonObject body = email("idempotent");
    HttpResponse<Buffer> first = TestPostbox.await(postbox.post(EMAILS + "/send", live)
        .putHeader("Idempotency-Key", key).sendJsonObject(body));
    assertThat(first.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> second = TestPostbox.await(postbox.post(EMAILS + "/send", test)
        .putHeader("Idempotency-Key", key).sendJsonObject(body));
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(422);
    assertThat(second.bodyAsJsonObject().getString("code")).isEqualTo("idempotency_mismatch");
  }

  private static List<String> ids(TestUser user, String query) {
    HttpResponse<Buffer> response = postbox.get(user, EMAILS + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data").stream()
        .map(email -> ((JsonObject) email).getString("id")).toList();
  }

  private static List<String> tags(JsonObject stats) {
    return stats.getJsonArray("data").stream().map(group -> ((JsonObject) group).getString("tag")).toList();
  }
}
