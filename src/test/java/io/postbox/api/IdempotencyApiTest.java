package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §17 through HTTP and the event bus of a whole postbox on the real database. */
class IdempotencyApiTest {
  private static final String SEND = "/v1/transactional/email/send";
  private static final String REPLAYED = "Idempotent-Replayed";
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static TestUser user() {
    return postbox.createUser("idem", 1000);
  }

  private static String newKey() {
    return "key-" + UUID.randomUUID();
  }

  private static JsonObject request() {
    return new JsonObject().put("recipient", "someone@example.com").put("subject", "Hello").put("body", "<p>Hi</p>");
  }

  private static HttpResponse<Buffer> send(TestUser user, String key, JsonObject body) {
    return TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key).sendJsonObject(body));
  }

  private static long emailCount(long userId) {
    return postbox.sql("SELECT count(*) FROM emails WHERE user_id = $1", userId).iterator().next().getLong(0);
  }

  private static Row keyRow(TestUser user, String key) {
    var rows = postbox.sql("SELECT state, response_code, response_body::text AS body, created_at, expires_at "
        + "FROM idempotency_keys WHERE user_id = $1 AND key = $2", user.id(), key);
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  @Test
  void aRepeatedRequestIsReplayedWithTheSameStatusAndBodyAndSentOnce() {
    TestUser user = user();
    String key = newKey();
    HttpResponse<Buffer> first = send(user, key, request().put("tag", "once"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.getHeader(REPLAYED)).isNull();

    HttpResponse<Buffer> second = send(user, key, request().put("tag", "once"));
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(second.getHeader("Content-Type")).startsWith("application/json");
    assertThat(second.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(second.getHeader("RateLimit-Remaining")).isNotNull();
    assertThat(emailCount(user.id())).isEqualTo(1);

    Row row = keyRow(user, key);
    assertThat(row.getString("state")).isEqualTo("finished");
    assertThat(row.getInteger("response_code")).isEqualTo(201);
    assertThat(java.time.Duration.between(row.getOffsetDateTime("created_at"), row.getOffsetDateTime("expires_at")))
        .hasHours(24);
  }

  @Test
  void theJsonAndTheFormVersionOfOneRequestMatch() {
    TestUser user = user();
    String key = newKey();
    HttpResponse<Buffer> json = send(user, key, request().put("subject", "Forms").put("classification", "for_info")
        .put("cc", new JsonArray().add("b@example.com").add("A@example.com")).put("disable_tracking", true));
    assertThat(json.statusCode()).as(json.bodyAsString()).isEqualTo(201);

    // strings instead of JSON types, cc repeated in another order, and the default from given explicitly
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("recipient", "Someone@Example.com").add("subject", "Forms").add("body", "<p>Hi</p>")
        .add("classification", "FOR_INFO").add("cc", "a@example.com").add("cc", " b@example.com")
        .add("disable_tracking", "true").add("from", "Postbox <no-reply@example.gov>");
    HttpResponse<Buffer> replay = TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key)
        .sendForm(form));
    assertThat(replay.statusCode()).as(replay.bodyAsString()).isEqualTo(201);
    assertThat(replay.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject()).isEqualTo(json.bodyAsJsonObject());

    MultipartForm multipart = MultipartForm.create()
        .attribute("recipient", "someone@example.com").attribute("subject", "Forms").attribute("body", "<p>Hi</p>")
        .attribute("classification", "For_Info").attribute("cc", "[\"a@example.com\",\"b@example.com\"]")
        .attribute("disable_tracking", "true");
    HttpResponse<Buffer> multipartReplay = TestPostbox.await(postbox.post(SEND, user)
        .putHeader("Idempotency-Key", key).sendMultipartForm(multipart));
    assertThat(multipartReplay.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(multipartReplay.bodyAsJsonObject()).isEqualTo(json.bodyAsJsonObject());
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  @Test
  void attachmentsAreFingerprintedByNameSizeAndContent() {
    TestUser user = user();
    TestPostbox.await(postbox.admin.verifyFrom(user.id(), user.email()));
    String key = newKey();
    byte[] pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    byte[] otherPdf = "%PDF-1.4\n2 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<Buffer> first = TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key)
        .sendMultipartForm(withAttachment(user, "report.pdf", pdf)));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> same = TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key)
        .sendMultipartForm(withAttachment(user, "report.pdf", pdf)));
    assertThat(same.getHeader(REPLAYED)).isEqualTo("true");
    assertError(TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key)
        .sendMultipartForm(withAttachment(user, "report.pdf", otherPdf))), 422, "idempotency_mismatch");
    assertError(TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key)
        .sendMultipartForm(withAttachment(user, "renamed.pdf", pdf))), 422, "idempotency_mismatch");
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  private static MultipartForm withAttachment(TestUser user, String name, byte[] content) {
    return MultipartForm.create()
        .attribute("recipient", "someone@example.com").attribute("subject", "Report")
        .attribute("body", "<p>See attached</p>").attribute("from", user.email())
        .binaryFileUpload("attachments", name, Buffer.buffer(content), "application/pdf");
  }

  @Test
  void aDifferentRequestUnderAUsedKeyIs422AndSendsNothing() {
    TestUser user = user();
    String key = newKey();
    assertThat(send(user, key, request()).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> mismatch = send(user, key, request().put("subject", "Something else"));
    assertThat(mismatch.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "idempotency_mismatch")
        .put("message", "Idempotency-Key was already used with a different request"));
    assertThat(mismatch.statusCode()).isEqualTo(422);
    assertThat(mismatch.getHeader(REPLAYED)).isNull();
    // an explicit from other than the default is a different request too
    assertError(send(user, key, request().put("from", user.email())), 422, "idempotency_mismatch");
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  @Test
  void aKeyStillInFlightIs409AndADifferentRequestUnderItIs422() {
    TestUser user = user();
    String key = newKey();
    assertThat(send(user, key, request()).statusCode()).isEqualTo(201);
    // as if the first request were still running on some node
    postbox.sql("UPDATE idempotency_keys SET state = 'in_flight', response_code = NULL, response_body = NULL, "
        + "created_at = now() - interval '50 seconds' WHERE user_id = $1 AND key = $2", user.id(), key);
    HttpResponse<Buffer> busy = send(user, key, request());
    assertThat(busy.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "idempotency_in_progress")
        .put("message", "A request with this Idempotency-Key is still being processed"));
    assertThat(busy.statusCode()).isEqualTo(409);
    assertError(send(user, key, request().put("subject", "other")), 422, "idempotency_mismatch");
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  @Test
  void concurrentRequestsWithOneKeySendExactlyOnce() {
    TestUser user = user();
    String key = newKey();
    List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      inFlight.add(postbox.post(SEND, user).putHeader("Idempotency-Key", key).sendJsonObject(request()));
    }
    List<HttpResponse<Buffer>> responses = TestPostbox.await(Future.all(inFlight)).list();
    List<HttpResponse<Buffer>> fresh = responses.stream()
        .filter(r -> r.statusCode() == 201 && r.getHeader(REPLAYED) == null).toList();
    assertThat(fresh).hasSize(1);
    for (HttpResponse<Buffer> response : responses) {
      if (response != fresh.get(0)) {
        if (response.statusCode() == 201) {
          assertThat(response.getHeader(REPLAYED)).isEqualTo("true");
          assertThat(response.bodyAsString()).isEqualTo(fresh.get(0).bodyAsString());
        } else {
          assertError(response, 409, "idempotency_in_progress");
        }
      }
    }
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  @Test
  void anInFlightClaimOlderThanSixtySecondsIsAbandoned() {
    TestUser user = user();
    String key = newKey();
    // a node crashed 61 s ago while holding the key, with whatever request
    postbox.sql("INSERT INTO idempotency_keys (user_id, key, fingerprint, state, claim_id, created_at, expires_at) "
        + "VALUES ($1, $2, 'crashed', 'in_flight', gen_random_uuid(), now() - interval '61 seconds', "
        + "now() + interval '23 hours')", user.id(), key);
    HttpResponse<Buffer> taken = send(user, key, request());
    assertThat(taken.statusCode()).as(taken.bodyAsString()).isEqualTo(201);
    assertThat(taken.getHeader(REPLAYED)).isNull();
    Row row = keyRow(user, key);
    assertThat(row.getString("state")).isEqualTo("finished");
    assertThat(send(user, key, request()).getHeader(REPLAYED)).isEqualTo("true");
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  @Test
  void anExpiredKeyProceedsAsNew() {
    TestUser user = user();
    String key = newKey();
    assertThat(send(user, key, request()).statusCode()).isEqualTo(201);
    postbox.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours', "
        + "expires_at = now() - interval '1 hour' WHERE user_id = $1 AND key = $2", user.id(), key);
    HttpResponse<Buffer> again = send(user, key, request().put("subject", "A new day"));
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.getHeader(REPLAYED)).isNull();
    assertThat(emailCount(user.id())).isEqualTo(2);
  }

  @Test
  void aFailureAfterTheClaimIsStoredAndReplayedWithoutSending() {
    TestUser user = user();
    String key = newKey();
    JsonObject unverified = request().put("from", user.email());
    HttpResponse<Buffer> first = send(user, key, unverified);
    assertError(first, 400, "invalid_from_address");
    assertThat(emailCount(user.id())).isEqualTo(1);
    // even once the address is verified, the key keeps the stored answer
    TestPostbox.await(postbox.admin.verifyFrom(user.id(), user.email()));
    HttpResponse<Buffer> replay = send(user, key, unverified);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(replay.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  @Test
  void failuresBeforeTheClaimStoreNothing() {
    TestUser user = user();
    String key = newKey();
    assertError(send(user, key, request().put("subject", "")), 400, "api_validation");
    assertError(send(user, key, request().put("cc", manyAddresses(50))), 400, "too_many_recipients");
    assertError(send(user, key, request().put("attachments", "x")), 400, "attachment_format");
    assertThat(keyRow(user, key)).isNull();
    HttpResponse<Buffer> fixed = send(user, key, request());
    assertThat(fixed.statusCode()).isEqualTo(201);
    assertThat(fixed.getHeader(REPLAYED)).isNull();
  }

  private static JsonArray manyAddresses(int count) {
    JsonArray addresses = new JsonArray();
    for (int i = 0; i < count; i++) {
      addresses.add("cc" + i + "@example.com");
    }
    return addresses;
  }

  @Test
  void aMalformedKeyIs400() {
    TestUser user = user();
    for (String key : List.of("has space", "x".repeat(256), "tab\tkey")) {
      HttpResponse<Buffer> response = send(user, key, request());
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "api_validation")
          .put("message", "\"Idempotency-Key\" must be 1 to 255 printable ASCII characters"));
    }
    assertThat(send(user, "~".repeat(255), request()).statusCode()).isEqualTo(201);
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  @Test
  void keysAreScopedToTheUser() {
    String key = newKey();
    TestUser one = user();
    TestUser other = user();
    assertThat(send(one, key, request()).getHeader(REPLAYED)).isNull();
    HttpResponse<Buffer> theirs = send(other, key, request().put("subject", "Unrelated"));
    assertThat(theirs.statusCode()).isEqualTo(201);
    assertThat(theirs.getHeader(REPLAYED)).isNull();
  }

  @Test
  void theEventBusSendTakesTheKeyAsAHeader() {
    TestUser user = user();
    String key = newKey();
    JsonObject message = new JsonObject().put("user_id", user.id()).put("request", request().put("tag", "bus"));
    DeliveryOptions withKey = new DeliveryOptions().setSendTimeout(30_000).addHeader("Idempotency-Key", key);
    Message<JsonObject> first = TestPostbox.await(postbox.vertx.eventBus().request(Addresses.EMAIL_SEND, message,
        withKey));
    assertThat(first.headers().get(REPLAYED)).isNull();
    Message<JsonObject> second = TestPostbox.await(postbox.vertx.eventBus().request(Addresses.EMAIL_SEND, message,
        withKey));
    assertThat(second.headers().get(REPLAYED)).isEqualTo("true");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(emailCount(user.id())).isEqualTo(1);

    // HTTP and the bus share the user's keys: the same request over HTTP is a replay too
    HttpResponse<Buffer> overHttp = send(user, key, request().put("tag", "bus"));
    assertThat(overHttp.getHeader(REPLAYED)).isEqualTo("true");
    assertThat(overHttp.bodyAsJsonObject()).isEqualTo(first.body());

    JsonObject different = new JsonObject().put("user_id", user.id()).put("request", request().put("tag", "other"));
    assertBusFailure(postbox.vertx.eventBus().request(Addresses.EMAIL_SEND, different, withKey),
        new ApiError(422, "idempotency_mismatch", "Idempotency-Key was already used with a different request"));
    assertBusFailure(postbox.vertx.eventBus().request(Addresses.EMAIL_SEND, message,
            new DeliveryOptions().addHeader("Idempotency-Key", "bad key")),
        new ApiError(400, "api_validation", "\"Idempotency-Key\" must be 1 to 255 printable ASCII characters"));
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  @Test
  void aStoredFailureIsReplayedOverTheBusAsTheSameFailure() {
    TestUser user = user();
    String key = newKey();
    JsonObject message = new JsonObject().put("user_id", user.id()).put("request", request().put("from", user.email()));
    DeliveryOptions withKey = new DeliveryOptions().setSendTimeout(30_000).addHeader("Idempotency-Key", key);
    ApiError unverified = new ApiError(400, "invalid_from_address",
        "From address has not been verified; ask an operator to verify it");
    assertBusFailure(postbox.vertx.eventBus().request(Addresses.EMAIL_SEND, message, withKey), unverified);
    assertBusFailure(postbox.vertx.eventBus().request(Addresses.EMAIL_SEND, message, withKey), unverified);
    assertThat(emailCount(user.id())).isEqualTo(1);
  }

  private static void assertBusFailure(Future<Message<Object>> reply, ApiError expected) {
    Throwable failure = TestPostbox.await(reply.map(ok -> (Throwable) null).recover(Future::succeededFuture));
    assertThat(ApiError.fromFailure(failure)).as(String.valueOf(failure)).isEqualTo(expected);
  }

  @Test
  void thePurgeDeletesExpiredKeysOnly() {
    TestUser user = user();
    String kept = newKey();
    String expired = newKey();
    assertThat(send(user, kept, request()).statusCode()).isEqualTo(201);
    assertThat(send(user, expired, request().put("subject", "old")).statusCode()).isEqualTo(201);
    postbox.sql("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND key = $2",
        user.id(), expired);
    TestPostbox.await(new io.postbox.store.IdempotencyClaims(postbox.pool).purgeExpired());
    assertThat(keyRow(user, kept)).isNotNull();
    assertThat(keyRow(user, expired)).isNull();
  }
}
