package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batch (§29) and scheduled (§30) sends meet key scopes and test keys (§28), metadata (§26) and the user's own
 * suppressions (§27).
 */
class BatchAndScheduledWithKeysTest {
  private static final String EMAILS = "/v1/transactional/email";
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_SANDBOX_TIME_SCALE", "0"));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject item(String recipient) {
    return new JsonObject().put("recipient", recipient).put("subject", "Hi").put("body", "<p>hi</p>");
  }

  private static HttpResponse<Buffer> batch(TestUser user, JsonArray items) {
    return TestPostbox.await(postbox.post(EMAILS + "/batch", user)
        .sendJsonObject(new JsonObject().put("emails", items)));
  }

  private static long count(String sql, Object... args) {
    return postbox.sql(sql, args).iterator().next().getLong(0);
  }

  @Test
  void aTestKeysBatchMakesTestEmailsWithTheirMetadataThatLiveKeysDoNotSee() {
    TestUser live = postbox.createUser("batchmodes", 1000);
    TestUser test = postbox.withKey(live, "full", "test");
    JsonObject metadata = new JsonObject().put("order_id", "B-7");
    HttpResponse<Buffer> response = batch(test, new JsonArray()
        .add(item("success+one@simulator.amazonses.com").put("metadata", metadata))
        .add(item("success+two@simulator.amazonses.com")));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonArray slots = response.bodyAsJsonObject().getJsonArray("data");
    JsonObject first = slots.getJsonObject(0).getJsonObject("email");
    JsonObject second = slots.getJsonObject(1).getJsonObject("email");
    assertThat(first.getBoolean("test")).isTrue();
    assertThat(second.getBoolean("test")).isTrue();
    assertThat(first.getJsonObject("metadata")).isEqualTo(metadata);
    assertThat(second.getJsonObject("metadata")).isEqualTo(new JsonObject());
    assertThat(postbox.get(live, EMAILS + "/" + first.getString("id")).statusCode()).isEqualTo(404);
    assertThat(postbox.get(test, EMAILS + "?metadata[order_id]=B-7").bodyAsJsonObject().getJsonArray("data"))
        .extracting(email -> ((JsonObject) email).getString("id")).containsExactly(first.getString("id"));
  }

  @Test
  void aReadKeyCannotSendABatchAndCreatesNothing() {
    TestUser owner = postbox.createUser("batchread", 1000);
    TestUser reader = postbox.withKey(owner, "read", "live");
    HttpResponse<Buffer> response = batch(reader, new JsonArray().add(item("a@example.com")));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "unauthorized")
        .put("message", "This API key is not allowed to do this"));
    assertThat(count("SELECT count(*) FROM emails WHERE user_id = $1", owner.id())).isZero();
  }

  @Test
  void aTestKeysScheduledEmailIsCancelledOnlyByATestKeyAndIsSentAsATest() {
    TestUser live = postbox.createUser("schedmodes", 1000);
    TestUser test = postbox.withKey(live, "full", "test");
    JsonObject scheduled = postbox.send(test, item("success+later@simulator.amazonses.com")
        .put("send_at", Instant.now().plus(Duration.ofMinutes(10)).toString())).bodyAsJsonObject();
    String id = scheduled.getString("id");
    assertThat(scheduled.getBoolean("test")).isTrue();

    HttpResponse<Buffer> liveCancel = TestPostbox.await(postbox.post(EMAILS + "/" + id + "/cancel", live).send());
    assertThat(liveCancel.statusCode()).as(liveCancel.bodyAsString()).isEqualTo(404);

    postbox.sql("UPDATE emails SET scheduled_at = now() WHERE id = $1", Long.parseLong(id));
    JsonObject delivered = Eventually.await(Duration.ofSeconds(20), "the test key's scheduled email delivered",
        () -> postbox.get(test, EMAILS + "/" + id).bodyAsJsonObject(),
        email -> "DELIVERED".equals(email.getString("status")));
    assertThat(delivered.getBoolean("test")).isTrue();
  }

  @Test
  void anAddressSuppressedAfterSchedulingIsRefusedWhenTheEmailFallsDue() {
    TestUser user = postbox.createUser("schedsuppressed", 1000);
    JsonObject scheduled = postbox.send(user, item("success+gone@simulator.amazonses.com")
        .put("cc", new JsonArray().add("success+cc-gone@simulator.amazonses.com")
            .add("success+cc-kept@simulator.amazonses.com"))
        .put("send_at", Instant.now().plus(Duration.ofMinutes(10)).toString())).bodyAsJsonObject();
    String id = scheduled.getString("id");
    for (String address : new String[] {"success+cc-gone@simulator.amazonses.com",
        "success+gone@simulator.amazonses.com"}) {
      HttpResponse<Buffer> suppressed = TestPostbox.await(postbox.post("/v1/suppressions", user)
          .sendJsonObject(new JsonObject().put("address", address).put("reason", "manual")));
      assertThat(suppressed.statusCode()).as(suppressed.bodyAsString()).isEqualTo(201);
    }

    postbox.sql("UPDATE emails SET scheduled_at = now() WHERE id = $1", Long.parseLong(id));
    JsonObject refused = Eventually.await(Duration.ofSeconds(20), "the scheduled email refused at its time",
        () -> postbox.get(user, EMAILS + "/" + id).bodyAsJsonObject(),
        email -> "UNSENT".equals(email.getString("status")));
    assertThat(refused.getString("error_code")).isEqualTo("Blacklisted recipient");
    assertThat(refused.getJsonArray("cc")).containsExactly("success+cc-kept@simulator.amazonses.com");
  }

  @Test
  void scheduledAndCancelledEmailsAreCountedByTheHourlyRollup() {
    TestUser user = postbox.createUser("schedstats", 1000);
    String sendAt = Instant.now().plus(Duration.ofDays(2)).toString();
    String kept = postbox.send(user, item("success+kept@simulator.amazonses.com").put("send_at", sendAt))
        .bodyAsJsonObject().getString("id");
    String cancelled = postbox.send(user, item("success+off@simulator.amazonses.com").put("send_at", sendAt))
        .bodyAsJsonObject().getString("id");
    assertThat(TestPostbox.await(postbox.post(EMAILS + "/" + cancelled + "/cancel", user).send()).statusCode())
        .isEqualTo(200);
    // three hours back: whole hours of the window are read from email_stats_hourly, not from the rows
    postbox.sql("UPDATE emails SET created_at = created_at - interval '3 hours' WHERE id = ANY ($1)",
        (Object) new Long[] {Long.parseLong(kept), Long.parseLong(cancelled)});
    Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    JsonObject stats = postbox.get(user, EMAILS + "/stats?from=" + hour.minus(Duration.ofHours(6)) + "&to=" + hour)
        .bodyAsJsonObject();

    JsonObject counts = stats.getJsonArray("data").getJsonObject(0).getJsonObject("counts");
    assertThat(stats.getJsonArray("data").getJsonObject(0).getLong("total")).isEqualTo(2);
    assertThat(counts.getLong("SCHEDULED")).isEqualTo(1);
    assertThat(counts.getLong("CANCELLED")).isEqualTo(1);
    assertThat(counts.getLong("UNSENT")).isZero();
    assertThat(count("SELECT coalesce(sum(scheduled), 0) + coalesce(sum(cancelled), 0) FROM email_stats_hourly "
        + "WHERE user_id = $1", user.id())).isEqualTo(2);
  }
}
