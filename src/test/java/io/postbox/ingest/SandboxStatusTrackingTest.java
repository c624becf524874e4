package io.postbox.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Addresses;
import io.postbox.contract.PixelTokens;
import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 3 end to end: sandbox SES events and pixel opens move statuses through the real pipeline. */
class SandboxStatusTrackingTest {
  private static final String TRACKING_SECRET = "tracking-secret-tracking-secret-0123456789";
  private static TestPostbox postbox;
  private static TestUser user;
  private static final List<JsonObject> changes = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_TRACKING_MODE", "pixel", "POSTBOX_TRACKING_SECRET", TRACKING_SECRET,
        "POSTBOX_TRACKING_MACHINE_OPEN_SECONDS", "0"));
    user = postbox.createUser("tracker", 1000);
    postbox.vertx.eventBus().<JsonObject>consumer(Addresses.EMAIL_STATUS_CHANGED, message -> changes.add(message.body()));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject send(String recipient) {
    HttpResponse<Buffer> response = postbox.send(user, new JsonObject().put("recipient", recipient)
        .put("subject", "Tracking").put("body", "<html><body><p>Hello</p></body></html>"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static JsonObject awaitEmail(String id, Predicate<JsonObject> done) {
    return Eventually.await(Duration.ofSeconds(10), "email " + id + " to reach the expected state",
        () -> postbox.get(user, "/v1/transactional/email/" + id).bodyAsJsonObject(), done);
  }

  private static JsonArray timeline(String id) {
    HttpResponse<Buffer> response = postbox.get(user, "/v1/transactional/email/" + id + "/events");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data");
  }

  private static List<String> types(JsonArray timeline) {
    return timeline.stream().map(entry -> ((JsonObject) entry).getString("type")).toList();
  }

  @Test
  void successIsDelivered() {
    JsonObject email = awaitEmail(send("success@simulator.amazonses.com").getString("id"),
        // the send and delivery events may be stored in either order: DELIVERED can come before sent_at
        e -> "DELIVERED".equals(e.getString("status")) && e.getString("sent_at") != null);
    assertThat(email.getString("status")).isEqualTo("DELIVERED");
    assertThat(email.getString("sent_at")).isNotNull();
    assertThat(email.getString("delivered_at")).isNotNull();
    assertThat(email.getValue("error_code")).isNull();
    assertThat(types(timeline(email.getString("id")))).containsExactly("accepted", "send", "delivery");
    JsonObject delivery = timeline(email.getString("id")).getJsonObject(2);
    assertThat(delivery.getString("source")).isEqualTo("ses");
    assertThat(delivery.getString("recipient")).isEqualTo("success@simulator.amazonses.com");
    assertThat(delivery.getJsonObject("details").getString("smtp_response")).isEqualTo("250 2.6.0 Message received");
  }

  @Test
  void aBounceIsAHardBounceAndBlacklistsTheRecipient() {
    String address = "bounce+" + System.nanoTime() + "@simulator.amazonses.com";
    JsonObject email = awaitEmail(send(address).getString("id"), e -> "BOUNCED".equals(e.getString("status")));
    assertThat(email.getString("status")).isEqualTo("BOUNCED");
    assertThat(email.getString("error_code")).isEqualTo("Hard bounce");
    assertThat(email.getString("error_sub_type")).isEqualTo("General");
    assertThat(email.getString("bounced_at")).isNotNull();
    assertThat(postbox.sql("SELECT count(*) FROM blacklist WHERE address = $1", address).iterator().next().getLong(0))
        .isEqualTo(1);
    HttpResponse<Buffer> refused = postbox.send(user, new JsonObject().put("recipient", address)
        .put("subject", "Again").put("body", "b"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("message")).isEqualTo("Recipient email is blacklisted");
  }

  @Test
  void aComplaintIsAComplaintAndSuppressesTheRecipientForTheSenderOnly() {
    String address = "complaint+" + System.nanoTime() + "@simulator.amazonses.com";
    // the complaint may be applied before the delivery that precedes it: wait for both
    JsonObject email = awaitEmail(send(address).getString("id"),
        e -> "COMPLAINT".equals(e.getString("status")) && e.getString("delivered_at") != null);
    assertThat(email.getString("status")).isEqualTo("COMPLAINT");
    assertThat(email.getString("error_code")).isEqualTo("Complaint");
    assertThat(email.getString("error_sub_type")).isEqualTo("abuse");
    assertThat(email.getString("delivered_at")).isNotNull();
    assertThat(email.getString("complained_at")).isNotNull();
    // SPEC §27: on the sender's own list, not on the global one
    assertThat(postbox.sql("SELECT count(*) FROM suppressions WHERE user_id = $1 AND address = $2", user.id(), address)
        .iterator().next().getLong(0)).isEqualTo(1);
    assertThat(postbox.sql("SELECT count(*) FROM blacklist WHERE address = $1", address).iterator().next().getLong(0))
        .isZero();
  }

  @Test
  void theSuppressionListAddressIsAHardBounce() {
    String address = "suppressionlist+" + System.nanoTime() + "@simulator.amazonses.com";
    JsonObject email = awaitEmail(send(address).getString("id"), e -> "BOUNCED".equals(e.getString("status")));
    assertThat(email.getString("error_code")).isEqualTo("Hard bounce");
    assertThat(email.getString("error_sub_type")).isEqualTo("Suppressed");
  }

  @Test
  void aPixelHitOpensTheEmailAndAForgedTokenDoesNot() {
    JsonObject sent = send("reader@example.com");
    String id = sent.getString("id");
    awaitEmail(id, e -> "DELIVERED".equals(e.getString("status")));
    String token = new PixelTokens(TRACKING_SECRET).tokenFor(Long.parseLong(id));
    int trackingPort = postbox.config.getJsonObject("tracking").getInteger("port");

    String forged = token.substring(0, 31) + (token.charAt(31) == 'A' ? 'B' : 'A');
    HttpResponse<Buffer> forgedHit = TestPostbox.await(postbox.http.get(trackingPort, "127.0.0.1", "/t/" + forged + ".gif").send());
    assertThat(forgedHit.statusCode()).isEqualTo(200);
    assertThat(forgedHit.getHeader("Content-Type")).isEqualTo("image/gif");

    HttpResponse<Buffer> hit = TestPostbox.await(postbox.http.get(trackingPort, "127.0.0.1", "/t/" + token + ".gif")
        .putHeader("User-Agent", "Mozilla/5.0 (Macintosh) Thunderbird").send());
    assertThat(hit.statusCode()).isEqualTo(200);
    assertThat(hit.body().length()).isEqualTo(43);
    JsonObject email = awaitEmail(id, e -> "OPENED".equals(e.getString("status")));
    assertThat(email.getString("status")).isEqualTo("OPENED");
    assertThat(email.getString("opened_at")).isNotNull();
    List<JsonObject> opens = timeline(id).stream().map(entry -> (JsonObject) entry)
        .filter(entry -> entry.getString("type").equals("open")).toList();
    assertThat(opens).hasSize(1);
    assertThat(opens.get(0).getString("source")).isEqualTo("pixel");
    assertThat(opens.get(0).getJsonObject("details").getBoolean("machine")).isFalse();
  }

  @Test
  void thePixelIsInTheSentMessageOnlyWhenTrackingIsOn() {
    JsonObject tracked = send("pixel@example.com");
    assertThat(tracked.getBoolean("disable_tracking")).isFalse();
    HttpResponse<Buffer> untracked = postbox.send(user, new JsonObject().put("recipient", "nopixel@example.com")
        .put("subject", "s").put("body", "b").put("disable_tracking", true));
    assertThat(untracked.statusCode()).isEqualTo(201);
    assertThat(postbox.sql("SELECT configuration_set FROM emails WHERE id = $1",
        Long.parseLong(tracked.getString("id"))).iterator().next().getString(0)).isEqualTo("postbox-no-tracking");
  }

  @Test
  void statusChangedIsPublishedExactlyOncePerChange() {
    String id = send("success@simulator.amazonses.com").getString("id");
    awaitEmail(id, e -> "DELIVERED".equals(e.getString("status")));
    List<String> published = Eventually.await(Duration.ofSeconds(10), "the change to DELIVERED to be published",
        () -> transitions(id), t -> t.stream().anyMatch(change -> change.endsWith(">DELIVERED")));
    // a second publication of a change would come from a batch that commits after the one that made it
    Eventually.never(Duration.ofMillis(300), "further status-change publication for email " + id,
        () -> !transitions(id).equals(published));
    List<String> transitions = transitions(id);
    // time scale 0: Send and Delivery may share a batch, and then ACCEPTED goes straight to DELIVERED
    List<String> ranked = List.of("UNSENT", "ACCEPTED", "SENT", "DELIVERED");
    List<String> sorted = transitions.stream()
        .sorted(java.util.Comparator.comparing(t -> ranked.indexOf(t.substring(t.indexOf('>') + 1)))).toList();
    assertThat(sorted).as("one publication per change, each from the status before it: %s", transitions)
        .isIn(List.of("UNSENT>ACCEPTED", "ACCEPTED>SENT", "SENT>DELIVERED"),
            List.of("UNSENT>ACCEPTED", "ACCEPTED>DELIVERED"));
  }

  private static List<String> transitions(String id) {
    return changes.stream().filter(change -> change.getString("email_id").equals(id))
        .map(change -> change.getString("previous_status") + ">" + change.getString("status")).toList();
  }

  @Test
  void theTimelineOfAnotherUsersEmailIsNotFound() {
    String id = send("success@simulator.amazonses.com").getString("id");
    TestUser stranger = postbox.createUser("stranger");
    HttpResponse<Buffer> response = postbox.get(stranger, "/v1/transactional/email/" + id + "/events");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(postbox.get(user, "/v1/transactional/email/" + id + "/events?limit=0").statusCode()).isEqualTo(400);
  }
}
