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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §30: scheduled sends, their dispatch at their time, and cancelling, through a running postbox. */
class ScheduledSendApiTest {
  private static final String EMAILS = "/v1/transactional/email";
  private static final String MESSAGE = "\"send_at\" must be between 1 minute and 30 days from now";
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_SANDBOX_TIME_SCALE", "0"));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject request(String recipient, Instant sendAt) {
    return new JsonObject().put("recipient", recipient).put("subject", "Later").put("body", "<p>Later</p>")
        .put("send_at", sendAt.toString());
  }

  private static Instant inMinutes(long minutes) {
    return Instant.now().plus(Duration.ofMinutes(minutes));
  }

  /** Brings a scheduled email's time to now, as if its send_at had come. */
  private static void makeDue(String id) {
    postbox.sql("UPDATE emails SET scheduled_at = now() WHERE id = $1", Long.parseLong(id));
  }

  private static JsonObject get(TestUser user, String id) {
    return postbox.get(user, EMAILS + "/" + id).bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> cancel(TestUser user, String id) {
    return TestPostbox.await(postbox.post(EMAILS + "/" + id + "/cancel", user).send());
  }

  @Test
  void sendAtMustBeOneMinuteToThirtyDaysAhead() {
    TestUser user = postbox.createUser("when", 1000);
    for (Object sendAt : List.of(Instant.now().plusSeconds(30).toString(), inMinutes(-5).toString(),
        Instant.now().plus(Duration.ofDays(31)).toString(), "tomorrow", 1234)) {
      HttpResponse<Buffer> response = postbox.send(user, request("a@example.com", Instant.now()).put("send_at", sendAt));
      assertThat(response.statusCode()).as(String.valueOf(sendAt)).isEqualTo(400);
      assertThat(response.bodyAsJsonObject())
          .isEqualTo(new JsonObject().put("code", "api_validation").put("message", MESSAGE));
    }
    assertThat(postbox.sql("SELECT count(*) FROM emails WHERE user_id = $1", user.id()).iterator().next()
        .getLong(0)).isZero();
  }

  @Test
  void aScheduledEmailWaitsThenIsSentWithinFiveSecondsOfItsTime() {
    TestUser user = postbox.createUser("later", 1000);
    Instant sendAt = inMinutes(10).truncatedTo(ChronoUnit.MILLIS);
    HttpResponse<Buffer> response = postbox.send(user, request("success+later@simulator.amazonses.com", sendAt)
        .put("send_at", sendAt.toString().replace("Z", "+00:00")));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    JsonObject email = response.bodyAsJsonObject();
    assertThat(email.getString("status")).isEqualTo("SCHEDULED");
    assertThat(email.getString("scheduled_at")).isEqualTo(sendAt.toString());
    List<String> fields = List.copyOf(email.fieldNames());
    assertThat(fields.subList(fields.size() - 2, fields.size())).containsExactly("scheduled_at", "redacted_at");
    assertThat(email.getString("accepted_at")).isNull();
    String id = email.getString("id");
    assertThat(postbox.sql("SELECT ses_message_id FROM emails WHERE id = $1", Long.parseLong(id)).iterator().next()
        .getString(0)).isNull();
    JsonObject listed = postbox.get(user, EMAILS + "?status=scheduled").bodyAsJsonObject();
    assertThat(listed.getJsonArray("data")).hasSize(1);
    assertThat(listed.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo(id);

    makeDue(id);
    Instant due = Instant.now();
    Eventually.await(Duration.ofSeconds(10), "the scheduled email to be sent",
        () -> get(user, id).getString("accepted_at") != null);
    JsonObject sent = get(user, id);
    assertThat(sent.getString("status")).isIn("ACCEPTED", "SENT", "DELIVERED");
    assertThat(Duration.between(due, Instant.parse(sent.getString("accepted_at")))).isLessThan(Duration.ofSeconds(5));
    assertThat(postbox.sql("SELECT count(*) FROM email_events WHERE email_id = $1 AND type = 'accepted'",
        Long.parseLong(id)).iterator().next().getLong(0)).isEqualTo(1);
  }

  @Test
  void aScheduledEmailCanBeCancelledOnlyWhileScheduledAndIsThenNeverSent() {
    TestUser user = postbox.createUser("cancel", 1000);
    String cancelled = postbox.send(user, request("success+cancel@simulator.amazonses.com", inMinutes(5)))
        .bodyAsJsonObject().getString("id");
    String kept = postbox.send(user, request("success+kept@simulator.amazonses.com", inMinutes(5)))
        .bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> first = cancel(user, cancelled);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(first.bodyAsJsonObject().getJsonObject("params").getString("subject")).isEqualTo("Later");
    HttpResponse<Buffer> again = cancel(user, cancelled);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "not_cancellable")
        .put("message", "Only a scheduled email can be cancelled"));
    HttpResponse<Buffer> foreign = cancel(postbox.createUser("other"), kept);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.bodyAsJsonObject().getString("message")).isEqualTo("Email message with ID " + kept + " not found.");
    assertThat(cancel(user, "abc").statusCode()).isEqualTo(400);

    makeDue(cancelled);
    makeDue(kept);
    Eventually.await(Duration.ofSeconds(10), "the other scheduled email to be sent",
        () -> get(user, kept).getString("accepted_at") != null);
    assertThat(get(user, cancelled).getString("status")).isEqualTo("CANCELLED");
    assertThat(cancel(user, kept).statusCode()).isEqualTo(409);

    JsonObject stats = postbox.get(user, EMAILS + "/stats").bodyAsJsonObject();
    JsonObject counts = stats.getJsonArray("data").getJsonObject(0).getJsonObject("counts");
    assertThat(counts.getLong("CANCELLED")).isEqualTo(1);
    assertThat(counts.getLong("SCHEDULED")).isZero();
    assertThat(postbox.get(user, EMAILS + "?status=CANCELLED").bodyAsJsonObject().getJsonArray("data"))
        .hasSize(1);
  }

  @Test
  void aFailureAtItsTimeLeavesTheEmailUnsent() {
    TestUser user = postbox.createUser("late.fail", 1000);
    postbox.sql("INSERT INTO blacklist (address, reason) VALUES ($1, 'test') ON CONFLICT DO NOTHING",
        "listed.later@example.com");
    String id = postbox.send(user, request("listed.later@example.com", inMinutes(5))).bodyAsJsonObject()
        .getString("id");
    makeDue(id);
    Eventually.await(Duration.ofSeconds(10), "the scheduled email to fail",
        () -> "UNSENT".equals(get(user, id).getString("status")));
    assertThat(get(user, id).getString("error_code")).isEqualTo("Blacklisted recipient");
  }

  @Test
  void aBatchItemCanBeScheduled() {
    TestUser user = postbox.createUser("batch.later", 1000);
    JsonArray items = new JsonArray().add(request("a@example.com", inMinutes(3)))
        .add(request("b@example.com", Instant.now()).put("send_at", null));
    HttpResponse<Buffer> response = TestPostbox.await(postbox.post(EMAILS + "/batch", user)
        .sendJsonObject(new JsonObject().put("emails", items)));
    JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
    assertThat(data.getJsonObject(0).getInteger("status")).isEqualTo(201);
    assertThat(data.getJsonObject(0).getJsonObject("email").getString("status")).isEqualTo("SCHEDULED");
    assertThat(data.getJsonObject(1).getJsonObject("email").getString("status")).isEqualTo("ACCEPTED");
    assertThat(data.getJsonObject(1).getJsonObject("email").getValue("scheduled_at")).isNull();
  }
}
