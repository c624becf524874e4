package io.postbox.suppressions;

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
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §27 end to end on real PostgreSQL: the routes, automatic complaint entries, the send-time check. */
class SuppressionApiTest {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static TestPostbox postbox;
  private static WebhookReceiver receiver;
  private static EmailStoreClient emails;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_WEBHOOKS_ALLOW_PRIVATE", "true"));
    receiver = new WebhookReceiver(postbox.vertx);
    emails = new EmailStoreClient(postbox.vertx);
  }

  @AfterAll
  static void stop() {
    receiver.close();
    postbox.close();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, TestUser user, JsonObject body) {
    var request = postbox.http.request(method, path).putHeader("Authorization", "Bearer " + user.apiKey());
    return TestPostbox.await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private static HttpResponse<Buffer> add(TestUser user, String address) {
    return call(HttpMethod.POST, "/v1/suppressions", user,
        new JsonObject().put("address", address).put("reason", "manual"));
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code, String message) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", code).put("message", message));
  }

  private static String unique(String localPart) {
    return localPart + SEQUENCE.incrementAndGet() + "." + System.nanoTime() + "@example.com";
  }

  private static JsonObject sendBody(String recipient) {
    return new JsonObject().put("recipient", recipient).put("subject", "Hello").put("body", "<p>Hi</p>");
  }

  /** An email of {@code user} to a labelled simulator address, as sent through the API. */
  private static long sentEmail(TestUser user, JsonObject extra) {
    JsonObject body = sendBody("success+supp" + SEQUENCE.incrementAndGet() + "@simulator.amazonses.com");
    extra.forEach(field -> body.put(field.getKey(), field.getValue()));
    HttpResponse<Buffer> response = postbox.send(user, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return Long.parseLong(response.bodyAsJsonObject().getString("id"));
  }

  private static NormalizedEvent complaint(long emailId, String recipient, String feedbackType) {
    return new NormalizedEvent("complaint-" + emailId + "-" + recipient + "-" + System.nanoTime(), "complaint", "sqs",
        Instant.now(), emailId, null, recipient, null, null, feedbackType, !"not-spam".equals(feedbackType), false,
        new JsonObject());
  }

  private static NormalizedEvent hardBounce(long emailId, String recipient) {
    return new NormalizedEvent("bounce-" + emailId + "-" + System.nanoTime(), "bounce", "sqs", Instant.now(), emailId,
        null, recipient, "Permanent", "General", null, true, false, new JsonObject());
  }

  private static Future<Void> apply(NormalizedEvent event) {
    return emails.applyEvents(new ApplyEvents(List.of(EventMessage.withEvents("sqs", event.toJson().encode(),
        List.of(event))))).mapEmpty();
  }

  private static long count(String sql, Object... args) {
    return postbox.sql(sql, args).iterator().next().getLong(0);
  }

  @Test
  void aUserAddsReadsChecksAndRemovesAnEntry() {
    TestUser user = postbox.createUser("manual");
    String address = unique("Person");
    HttpResponse<Buffer> created = add(user, address);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject entry = created.bodyAsJsonObject();
    assertThat(entry.fieldNames()).containsExactly("address", "reason", "origin", "email_id", "created_at");
    assertThat(entry.getString("address")).isEqualTo(address.toLowerCase());
    assertThat(entry.getString("reason")).isEqualTo("manual");
    assertThat(entry.getString("origin")).isEqualTo("api");
    assertThat(entry.getValue("email_id")).isNull();
    assertThat(entry.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    HttpResponse<Buffer> again = call(HttpMethod.POST, "/v1/suppressions", user,
        new JsonObject().put("address", address.toUpperCase()));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(entry);

    HttpResponse<Buffer> read = postbox.get(user, "/v1/suppressions/" + address.toUpperCase());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject()).isEqualTo(entry);
    assertThat(postbox.get(user, "/v1/suppressions/check?address=" + address).bodyAsJsonObject()).isEqualTo(
        new JsonObject().put("address", address.toLowerCase()).put("suppressed", true).put("scope", "user")
            .put("reason", "manual"));
    String tagged = "jane+" + address.toLowerCase();
    assertThat(add(user, tagged).statusCode()).isEqualTo(201);
    assertThat(postbox.get(user, "/v1/suppressions/check?address=" + tagged).bodyAsJsonObject()
        .getBoolean("suppressed")).isTrue();
    assertThat(postbox.get(user, "/v1/suppressions/check?address=" + tagged.replace("+", "%2B")).bodyAsJsonObject()
        .getBoolean("suppressed")).isTrue();
    assertThat(postbox.get(user, "/v1/suppressions/" + tagged).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> deleted = call(HttpMethod.DELETE, "/v1/suppressions/" + address, user, null);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isNull();
    String missing = "Suppression for " + address.toLowerCase() + " not found.";
    assertError(postbox.get(user, "/v1/suppressions/" + address), 404, "not_found", missing);
    assertError(call(HttpMethod.DELETE, "/v1/suppressions/" + address, user, null), 404, "not_found", missing);
    assertThat(postbox.get(user, "/v1/suppressions/check?address=" + address).bodyAsJsonObject()).isEqualTo(
        new JsonObject().put("address", address.toLowerCase()).put("suppressed", false).putNull("scope")
            .putNull("reason"));
  }

  @Test
  void invalidRequestsAreRefusedWithTheHouseMessages() {
    TestUser user = postbox.createUser("invalid");
    String path = "/v1/suppressions";
    assertError(call(HttpMethod.POST, path, user, new JsonObject()), 400, "api_validation", "\"address\" is required");
    assertError(call(HttpMethod.POST, path, user, new JsonObject().put("address", "not-an-address")), 400,
        "api_validation", "\"address\" must be a valid email");
    assertError(call(HttpMethod.POST, path, user, new JsonObject().put("address", 42)), 400, "api_validation",
        "\"address\" must be a valid email");
    assertError(call(HttpMethod.POST, path, user, new JsonObject().put("address", "a\u0000b@example.com")), 400,
        "api_validation", "\"address\" must not contain control characters");
    assertError(call(HttpMethod.POST, path, user, new JsonObject().put("address", unique("x"))
        .put("reason", "complaint")), 400, "api_validation", "\"reason\" must be [manual]");
    assertError(call(HttpMethod.POST, path, user, new JsonObject().put("address", unique("x")).put("note", "n")),
        400, "api_validation", "\"note\" is not allowed");
    HttpResponse<Buffer> malformed = TestPostbox.await(postbox.post(path, user)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"address\":")));
    assertError(malformed, 400, "malformed", "Malformed request body");

    assertError(postbox.get(user, path + "?cursor=nonsense"), 400, "api_validation", "\"cursor\" is invalid");
    assertError(postbox.get(user, path + "?reason=bounce"), 400, "api_validation",
        "\"reason\" must be one of [complaint, manual]");
    assertError(postbox.get(user, path + "?limit=0"), 400, "api_validation", "\"limit\" must be greater than or equal to 1");
    assertError(postbox.get(user, path + "?limit=1001"), 400, "api_validation",
        "\"limit\" must be less than or equal to 1000");
    assertError(postbox.get(user, path + "?offset=3"), 400, "api_validation", "\"offset\" is not allowed");
    assertError(postbox.get(user, path + "/check"), 400, "api_validation", "\"address\" is required");
    assertError(postbox.get(user, path + "/check?address=nope"), 400, "api_validation",
        "\"address\" must be a valid email");
    assertError(postbox.get(user, path + "/not-an-address"), 400, "api_validation", "\"address\" must be a valid email");
    assertError(TestPostbox.await(postbox.http.get(path).send()), 401, "unauthenticated", "Missing or invalid API key");
  }

  @Test
  void theListPagesNewestFirstWithAnOpaqueCursorAndFiltersByReason() {
    TestUser user = postbox.createUser("pages");
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String address = unique("page");
      added.add(0, address);
      assertThat(add(user, address).statusCode()).isEqualTo(201);
    }
    long emailId = sentEmail(user, new JsonObject());
    String complained = unique("complained");
    postbox.sql("INSERT INTO suppressions (user_id, address, reason, origin, email_id, created_at) "
        + "VALUES ($1, $2, 'complaint', 'ses', $3, now() - interval '1 day')", user.id(), complained, emailId);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = postbox.get(user, "/v1/suppressions?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
          .bodyAsJsonObject();
      assertThat(page.fieldNames()).containsExactly("has_more", "next_cursor", "data");
      page.getJsonArray("data").forEach(item -> seen.add(((JsonObject) item).getString("address")));
      cursor = page.getString("next_cursor");
      assertThat(cursor == null).isEqualTo(!page.getBoolean("has_more"));
      pages++;
    } while (cursor != null);
    List<String> expected = new ArrayList<>(added);
    expected.add(complained);
    assertThat(seen).isEqualTo(expected);
    assertThat(pages).isEqualTo(3);

    JsonObject complaints = postbox.get(user, "/v1/suppressions?reason=complaint").bodyAsJsonObject();
    assertThat(complaints.getJsonArray("data")).hasSize(1);
    assertThat(complaints.getJsonArray("data").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("address", complained).put("reason", "complaint").put("origin", "ses")
        .put("email_id", Long.toString(emailId)).put("created_at", complaints.getJsonArray("data").getJsonObject(0)
            .getString("created_at")));
    JsonObject manual = postbox.get(user, "/v1/suppressions?reason=manual&limit=4").bodyAsJsonObject();
    assertThat(manual.getJsonArray("data")).hasSize(4);
    String manualCursor = manual.getString("next_cursor");
    assertThat(postbox.get(user, "/v1/suppressions?reason=manual&cursor=" + manualCursor).bodyAsJsonObject()
        .getJsonArray("data").getJsonObject(0).getString("address")).isEqualTo(added.get(4));
    assertError(postbox.get(user, "/v1/suppressions?reason=complaint&cursor=" + manualCursor), 400,
        "api_validation", "\"cursor\" is invalid");
    assertError(postbox.get(user, "/v1/suppressions?cursor=" + manualCursor), 400, "api_validation",
        "\"cursor\" is invalid");
  }

  @Test
  void everyRouteIsScopedToTheCaller() {
    TestUser owner = postbox.createUser("owner");
    TestUser other = postbox.createUser("other");
    String address = unique("private");
    assertThat(add(owner, address).statusCode()).isEqualTo(201);
    String missing = "Suppression for " + address + " not found.";
    assertError(postbox.get(other, "/v1/suppressions/" + address), 404, "not_found", missing);
    assertError(call(HttpMethod.DELETE, "/v1/suppressions/" + address, other, null), 404, "not_found", missing);
    assertThat(postbox.get(other, "/v1/suppressions").bodyAsJsonObject().getJsonArray("data")).isEmpty();
    assertThat(postbox.get(other, "/v1/suppressions/check?address=" + address).bodyAsJsonObject()
        .getBoolean("suppressed")).isFalse();
    assertThat(postbox.get(other, "/v1/suppressions/export").bodyAsString())
        .isEqualTo("address,reason,origin,email_id,created_at\n");
    // the other user adding the same address makes an entry of its own
    assertThat(add(other, address).statusCode()).isEqualTo(201);
    assertThat(call(HttpMethod.DELETE, "/v1/suppressions/" + address, other, null).statusCode()).isEqualTo(204);
    assertThat(postbox.get(owner, "/v1/suppressions/" + address).statusCode()).isEqualTo(200);
    assertThat(postbox.send(other, sendBody(address)).statusCode()).isEqualTo(201);
  }

  @Test
  void theExportIsACsvOfTheWholeListStreamedInChunks() {
    TestUser user = postbox.createUser("export");
    int size = 2500;
    postbox.sql("INSERT INTO suppressions (user_id, address, reason, origin, email_id, created_at) "
        + "SELECT $1, 'bulk' || n || '@example.com', CASE WHEN n % 2 = 0 THEN 'complaint' ELSE 'manual' END, "
        + "CASE WHEN n % 2 = 0 THEN 'ses' ELSE 'api' END, CASE WHEN n % 2 = 0 THEN n END, "
        + "timestamptz '2026-01-01T00:00:00Z' + n * interval '1 second' FROM generate_series(1, $2) AS n",
        user.id(), size);
    HttpResponse<Buffer> response = postbox.get(user, "/v1/suppressions/export");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("text/csv");
    assertThat(response.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    String[] lines = response.bodyAsString().split("\n", -1);
    assertThat(lines).hasSize(size + 2);
    assertThat(lines[0]).isEqualTo("address,reason,origin,email_id,created_at");
    assertThat(lines[1]).isEqualTo("bulk2500@example.com,complaint,ses,2500,2026-01-01T00:41:40.000Z");
    assertThat(lines[2]).isEqualTo("bulk2499@example.com,manual,api,,2026-01-01T00:41:39.000Z");
    assertThat(lines[size]).isEqualTo("bulk1@example.com,manual,api,,2026-01-01T00:00:01.000Z");
    assertThat(lines[size + 1]).isEmpty();
  }

  @Test
  void aComplaintSuppressesForItsUserOnlyAndRaisesSuppressionCreated() {
    TestUser user = postbox.createUser("complained");
    TestUser other = postbox.createUser("bystander");
    JsonObject webhook = call(HttpMethod.POST, "/v1/webhooks", user, new JsonObject()
        .put("url", receiver.url("/suppressions")).put("event_types", new JsonArray().add("suppression.created")))
        .bodyAsJsonObject();
    String cc = unique("copy");
    long emailId = sentEmail(user, new JsonObject().put("cc", new JsonArray().add(cc)));
    TestPostbox.await(apply(complaint(emailId, cc, "abuse")));

    JsonObject entry = postbox.get(user, "/v1/suppressions/" + cc).bodyAsJsonObject();
    assertThat(entry.getString("reason")).isEqualTo("complaint");
    assertThat(entry.getString("origin")).isEqualTo("ses");
    assertThat(entry.getString("email_id")).isEqualTo(Long.toString(emailId));
    assertThat(count("SELECT count(*) FROM blacklist WHERE address = $1", cc)).isZero();
    assertThat(postbox.get(other, "/v1/suppressions/check?address=" + cc).bodyAsJsonObject()
        .getBoolean("suppressed")).isFalse();

    List<Received> received = receiver.await("/suppressions", 1, 10_000);
    assertThat(WebhookReceiver.verify(webhook.getString("secret"), received.get(0))).isTrue();
    JsonObject payload = received.get(0).json();
    assertThat(payload.getString("type")).isEqualTo("suppression.created");
    assertThat(payload.getJsonObject("data")).isEqualTo(entry);

    // the same complaint again (a redelivery) or a second one adds nothing and raises nothing
    TestPostbox.await(apply(complaint(emailId, cc, null)));
    Eventually.never(Duration.ofMillis(700), "a second suppression.created",
        () -> receiver.received("/suppressions").size() > 1);
    assertThat(count("SELECT count(*) FROM suppressions WHERE user_id = $1", user.id())).isEqualTo(1);
  }

  @Test
  void notSpamAddsNothingAndHardBouncesStayGlobal() {
    TestUser user = postbox.createUser("feedback");
    String recipient = unique("reader");
    long emailId = sentEmail(user, new JsonObject().put("cc", new JsonArray().add(recipient)));
    TestPostbox.await(apply(complaint(emailId, recipient, "not-spam")));
    assertThat(count("SELECT count(*) FROM suppressions WHERE address = $1", recipient)).isZero();

    TestPostbox.await(apply(hardBounce(emailId, recipient)));
    assertThat(count("SELECT count(*) FROM suppressions WHERE address = $1", recipient)).isZero();
    assertThat(count("SELECT count(*) FROM blacklist WHERE address = $1", recipient)).isEqualTo(1);
    assertThat(postbox.get(user, "/v1/suppressions/check?address=" + recipient).bodyAsJsonObject()).isEqualTo(
        new JsonObject().put("address", recipient).put("suppressed", true).put("scope", "global")
            .put("reason", "bounce"));
    String notFound = "Suppression for " + recipient + " not found.";
    assertError(call(HttpMethod.DELETE, "/v1/suppressions/" + recipient, user, null), 404, "not_found", notFound);
  }

  @Test
  void sendingChecksTheCallersListAsWellAsTheGlobalOne() {
    TestUser user = postbox.createUser("sender");
    TestUser other = postbox.createUser("unaffected");
    String listed = unique("listed");
    assertThat(add(user, listed).statusCode()).isEqualTo(201);

    assertError(postbox.send(user, sendBody(listed.toUpperCase())), 400, "invalid_template",
        "Recipient email is blacklisted");
    var row = postbox.sql("SELECT status, error_code FROM emails WHERE user_id = $1 AND recipient = $2",
        user.id(), listed).iterator().next();
    assertThat(row.getString("status")).isEqualTo("UNSENT");
    assertThat(row.getString("error_code")).isEqualTo("Blacklisted recipient");

    HttpResponse<Buffer> copies = postbox.send(user, sendBody("success+copies@simulator.amazonses.com")
        .put("cc", new JsonArray().add(listed).add("kept@example.com")).put("bcc", new JsonArray().add(listed)));
    assertThat(copies.statusCode()).as(copies.bodyAsString()).isEqualTo(201);
    assertThat(copies.bodyAsJsonObject().getJsonArray("cc")).containsExactly("kept@example.com");
    assertThat(copies.bodyAsJsonObject().getJsonArray("bcc")).isEmpty();

    assertThat(postbox.send(other, sendBody(listed)).statusCode()).isEqualTo(201);
    assertThat(call(HttpMethod.DELETE, "/v1/suppressions/" + listed, user, null).statusCode()).isEqualTo(204);
    assertThat(postbox.send(user, sendBody(listed)).statusCode()).isEqualTo(201);
  }

  @Test
  void aComplaintRacingTheUsersDeleteLeavesAConsistentListAndNoError() {
    TestUser user = postbox.createUser("racer", 1000);
    long emailId = sentEmail(user, new JsonObject());
    for (int round = 0; round < 30; round++) {
      String address = unique("race");
      if (round % 2 == 0) {
        assertThat(add(user, address).statusCode()).isEqualTo(201);
      }
      Future<HttpResponse<Buffer>> delete = postbox.http.request(HttpMethod.DELETE, "/v1/suppressions/" + address)
          .putHeader("Authorization", "Bearer " + user.apiKey()).send();
      Future<Void> complained = apply(complaint(emailId, address, "abuse"));
      HttpResponse<Buffer> deleted = TestPostbox.await(delete);
      TestPostbox.await(complained);
      assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isIn(204, 404);

      long rows = count("SELECT count(*) FROM suppressions WHERE user_id = $1 AND address = $2", user.id(), address);
      HttpResponse<Buffer> read = postbox.get(user, "/v1/suppressions/" + address);
      boolean suppressed = postbox.get(user, "/v1/suppressions/check?address=" + address).bodyAsJsonObject()
          .getBoolean("suppressed");
      assertThat(read.statusCode()).isEqualTo(rows == 1 ? 200 : 404);
      assertThat(suppressed).isEqualTo(rows == 1);
      if (rows == 1) {
        assertThat(read.bodyAsJsonObject().getString("reason")).isEqualTo("complaint");
      }
      // a delete that found nothing means the complaint had not committed yet, and then it must have added the entry
      if (deleted.statusCode() == 404) {
        assertThat(rows).isEqualTo(1);
      }
    }
  }
}
