package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.Eventually;
import io.postbox.support.RawHttp;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §2–§4, §6–§8 and §12 through the HTTP API of a running postbox on the real database. */
class SendApiTest {
  private static final String SEND = "/v1/transactional/email/send";
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_FROM_DEFAULT_ALIASES", "alias@example.gov"));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static TestUser user() {
    return postbox.createUser("sender", 1000);
  }

  private static JsonObject minimal() {
    return new JsonObject().put("recipient", "someone@example.com").put("subject", "Hello").put("body", "<p>Hi</p>");
  }

  private static long emailCount(long userId) {
    return postbox.sql("SELECT count(*) FROM emails WHERE user_id = $1", userId).iterator().next().getLong(0);
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code, String message) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", code).put("message", message));
  }

  @Test
  void aJsonSendIsAcceptedAndStored() {
    TestUser user = user();
    HttpResponse<Buffer> response = postbox.send(user, minimal()
        .put("recipient", "Someone@Example.com").put("tag", "welcome").put("classification", "for_info")
        .put("cc", new JsonArray().add(" B@example.com").add("a@example.com")).put("bcc", "[\"c@example.com\"]")
        .put("reply_to", "Reply@Example.com"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    JsonObject email = response.bodyAsJsonObject();
    assertThat(email.fieldNames()).containsExactly("id", "from", "recipient", "params", "attachments_metadata",
        "status", "error_code", "error_sub_type", "accepted_at", "sent_at", "delivered_at", "opened_at",
        "bounced_at", "complained_at", "created_at", "updated_at", "classification", "tag", "cc", "bcc",
        "disable_tracking", "test", "metadata", "scheduled_at", "redacted_at");
    assertThat(email.getValue("redacted_at")).isNull();
    assertThat(email.getString("status")).isEqualTo("ACCEPTED");
    assertThat(email.getString("id")).matches("\\d+");
    assertThat(email.getString("from")).isEqualTo("Postbox <no-reply@example.gov>");
    assertThat(email.getString("recipient")).isEqualTo("someone@example.com");
    assertThat(email.getJsonObject("params")).isEqualTo(new JsonObject()
        .put("body", "<p>Hi</p>").put("from", "Postbox <no-reply@example.gov>").put("subject", "Hello")
        .put("reply_to", "reply@example.com"));
    assertThat(email.getString("accepted_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(email.getString("created_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(email.getString("classification")).isEqualTo("FOR_INFO");
    assertThat(email.getString("tag")).isEqualTo("welcome");
    assertThat(email.getJsonArray("cc")).containsExactly("a@example.com", "b@example.com");
    assertThat(email.getJsonArray("bcc")).containsExactly("c@example.com");
    assertThat(email.getBoolean("disable_tracking")).isFalse();
    assertThat(email.getValue("attachments_metadata")).isNull();

    Row row = postbox.sql("SELECT status, status_rank, ses_message_id, configuration_set FROM emails WHERE id = $1",
        Long.parseLong(email.getString("id"))).iterator().next();
    // the sandbox runs with no delay here, so its SENT and DELIVERED may already have been applied
    assertThat(row.getString("status")).isIn("ACCEPTED", "SENT", "DELIVERED");
    assertThat(row.getInteger("status_rank")).isGreaterThanOrEqualTo(1);
    assertThat(row.getString("ses_message_id")).isNotBlank();
    assertThat(row.getString("configuration_set")).isEqualTo("postbox-tracking");
    Row event = postbox.sql("SELECT type, source, details FROM email_events WHERE email_id = $1 ORDER BY id LIMIT 1",
        Long.parseLong(email.getString("id"))).iterator().next();
    assertThat(event.getString("type")).isEqualTo("accepted");
    assertThat(event.getString("source")).isEqualTo("api");
  }

  @Test
  void disableTrackingPicksTheNoTrackingConfigurationSetAndIsReturned() {
    HttpResponse<Buffer> response = postbox.send(user(), minimal().put("disable_tracking", "true"));
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getBoolean("disable_tracking")).isTrue();
    Row row = postbox.sql("SELECT configuration_set FROM emails WHERE id = $1",
        Long.parseLong(response.bodyAsJsonObject().getString("id"))).iterator().next();
    assertThat(row.getString("configuration_set")).isEqualTo("postbox-no-tracking");
  }

  @Test
  void anUrlEncodedSendWithRepeatedCcIsAccepted() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("recipient", "someone@example.com").add("subject", "Hi").add("body", "<b>x</b>")
        .add("cc", "one@example.com").add("cc", "two@example.com").add("disable_tracking", "false");
    HttpResponse<Buffer> response = TestPostbox.await(postbox.post(SEND, user()).sendForm(form));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getJsonArray("cc")).containsExactly("one@example.com", "two@example.com");
  }

  @Test
  void aMultipartSendWithAttachmentsFromTheUsersVerifiedAddressIsAccepted() {
    TestUser user = user();
    TestPostbox.await(postbox.admin.verifyFrom(user.id(), user.email()));
    byte[] pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    MultipartForm form = MultipartForm.create()
        .attribute("recipient", "someone@example.com").attribute("subject", "Report")
        .attribute("body", "<p>See attached</p>").attribute("from", "Me <" + user.email().toUpperCase() + ">")
        .binaryFileUpload("attachments", "report.pdf", Buffer.buffer(pdf), "application/pdf");
    HttpResponse<Buffer> response = TestPostbox.await(postbox.post(SEND, user).sendMultipartForm(form));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    JsonObject email = response.bodyAsJsonObject();
    assertThat(email.getString("from")).isEqualTo("Me <" + user.email() + ">");
    assertThat(email.getJsonArray("attachments_metadata")).containsExactly(new JsonObject()
        .put("fileName", "report.pdf").put("fileSize", pdf.length).put("hash", md5(pdf)));
  }

  @Test
  void attachmentsWithTheDefaultFromAddressAreForbidden() {
    TestUser user = user();
    MultipartForm form = MultipartForm.create()
        .attribute("recipient", "someone@example.com").attribute("subject", "Report").attribute("body", "x")
        .attribute("from", "Other Name <alias@example.gov>")
        .binaryFileUpload("attachments", "a.txt", Buffer.buffer("hello"), "text/plain");
    assertError(TestPostbox.await(postbox.post(SEND, user).sendMultipartForm(form)), 403, "unauthorized",
        "Attachments are not allowed with the default from address");
    assertThat(emailCount(user.id())).isZero();
  }

  @Test
  void attachmentsOutsideFilePartsAreRefused() {
    TestUser user = user();
    assertError(postbox.send(user, minimal().put("attachments", new JsonArray().add("x"))), 400,
        "attachment_format", "Attachments must be sent via form-data");
    assertThat(emailCount(user.id())).isZero();
  }

  @Test
  void aFileOfTenMebibytesIsRefusedAndTheCumulativeLimitHolds() throws Exception {
    TestUser user = user();
    TestPostbox.await(postbox.admin.verifyFrom(user.id(), user.email()));
    // refused while the file streams in, and the connection is closed: a plain socket reads that answer
    byte[] head = ("--b0undary\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"big.txt\"\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    RawHttp.Exchange tooBig = RawHttp.exchange(postbox.config.getJsonObject("http").getInteger("port"),
        "POST " + SEND + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user.apiKey()
            + "\r\nContent-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: "
            + (head.length + 10 * 1024 * 1024 + 16),
        out -> {
          out.write(head);
          out.write(new byte[10 * 1024 * 1024]);
          out.write("\r\n--b0undary--\r\n".getBytes(StandardCharsets.US_ASCII));
        });
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.json()).isEqualTo(new JsonObject().put("code", "attachment_limit")
        .put("message", "Size of one or more attachments exceeds limit"));
    MultipartForm together = MultipartForm.create()
        .attribute("recipient", "someone@example.com").attribute("subject", "s").attribute("body", "b")
        .attribute("from", user.email())
        .binaryFileUpload("attachments", "a.txt", Buffer.buffer(new byte[6 * 1024 * 1024]), "text/plain")
        .binaryFileUpload("attachments", "b.txt", Buffer.buffer(new byte[5 * 1024 * 1024]), "text/plain");
    assertError(TestPostbox.await(postbox.post(SEND, user).sendMultipartForm(together)), 413, "attachment_limit",
        "Cumulative attachment size exceeds limit");
    assertThat(emailCount(user.id())).isZero();
  }

  @Test
  void anUnsupportedAttachmentTypeLeavesAnUnsentRow() {
    TestUser user = user();
    TestPostbox.await(postbox.admin.verifyFrom(user.id(), user.email()));
    byte[] exe = new byte[256];
    exe[0] = 'M';
    exe[1] = 'Z';
    MultipartForm form = MultipartForm.create()
        .attribute("recipient", "someone@example.com").attribute("subject", "s").attribute("body", "b")
        .attribute("from", user.email())
        .binaryFileUpload("attachments", "invoice.pdf", Buffer.buffer(exe), "application/pdf");
    assertError(TestPostbox.await(postbox.post(SEND, user).sendMultipartForm(form)), 400, "invalid_template",
        "One or more attachments have an unsupported file type");
    assertUnsent(user, "Unsupported file type");
  }

  @Test
  void aFromAddressOfSomeoneElseIsInvalidAndLeavesAnUnsentRow() {
    TestUser user = user();
    assertError(postbox.send(user, minimal().put("from", "Boss <boss@example.com>")), 400, "invalid_from_address",
        "From address must be the default sender address or your own verified email address");
    assertUnsent(user, "Invalid from address");
  }

  @Test
  void theUsersOwnUnverifiedAddressIsRefusedUntilAnOperatorVerifiesIt() {
    TestUser user = user();
    assertError(postbox.send(user, minimal().put("from", user.email())), 400, "invalid_from_address",
        "From address has not been verified; ask an operator to verify it");
    assertUnsent(user, "From address has not been verified");
    TestPostbox.await(postbox.admin.verifyFrom(user.id(), user.email()));
    HttpResponse<Buffer> response = postbox.send(user, minimal().put("from", "Me Myself <" + user.email() + ">"));
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("from")).isEqualTo("Me Myself <" + user.email() + ">");
  }

  @Test
  void aDefaultAliasWithAnyDisplayNameIsAccepted() {
    HttpResponse<Buffer> response = postbox.send(user(), minimal().put("from", "Agency <ALIAS@example.gov>"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("from")).isEqualTo("Agency <alias@example.gov>");
  }

  @Test
  void aBlacklistedRecipientIsRefusedAndBlacklistedCopiesAreDropped() {
    TestUser user = user();
    String listed = TestPostbox.uniqueEmail("listed");
    TestPostbox.await(postbox.admin.addToBlacklist(listed));
    assertError(postbox.send(user, minimal().put("recipient", listed)), 400, "invalid_template",
        "Recipient email is blacklisted");
    assertUnsent(user, "Blacklisted recipient");

    HttpResponse<Buffer> response = postbox.send(user, minimal()
        .put("cc", new JsonArray().add(listed).add("kept@example.com")).put("bcc", new JsonArray().add(listed)));
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getJsonArray("cc")).containsExactly("kept@example.com");
    assertThat(response.bodyAsJsonObject().getJsonArray("bcc")).isEmpty();
    long id = Long.parseLong(response.bodyAsJsonObject().getString("id"));
    assertThat(postbox.sql("SELECT count(*) FROM email_cc WHERE email_id = $1 AND error_code = 'Blacklisted recipient'", id)
        .iterator().next().getLong(0)).isEqualTo(2);
  }

  @Test
  void aBodyThatIsEmptyAfterSanitizingLeavesAnUnsentRow() {
    TestUser user = user();
    assertError(postbox.send(user, minimal().put("body", "<foo></foo> <!-- only a comment --> ")), 400,
        "invalid_template", "Subject and/or body are empty after removing disallowed HTML");
    assertUnsent(user, "Empty message after sanitization");
  }

  @Test
  void tooManyRecipientsAreRefusedWithoutARow() {
    TestUser user = user();
    JsonArray cc = new JsonArray();
    JsonArray bcc = new JsonArray();
    for (int i = 0; i < 25; i++) {
      cc.add("cc" + i + "@example.com");
      bcc.add("bcc" + i + "@example.com");
    }
    assertError(postbox.send(user, minimal().put("cc", cc).put("bcc", bcc)), 400, "too_many_recipients",
        "Maximum of 50 recipients allowed");
    assertThat(emailCount(user.id())).isZero();
    bcc.remove(0);
    assertThat(postbox.send(user, minimal().put("cc", cc).put("bcc", bcc)).statusCode()).isEqualTo(201);
  }

  @Test
  void validationFailuresAnswerTheFirstBrokenRuleAndStoreNothing() {
    TestUser user = user();
    assertError(postbox.send(user, new JsonObject()), 400, "api_validation", "\"recipient\" is required");
    assertError(postbox.send(user, minimal().put("recipient", "not-an-email")), 400, "api_validation",
        "\"recipient\" must be a valid email");
    assertError(postbox.send(user, minimal().put("subject", "")), 400, "api_validation",
        "\"subject\" is not allowed to be empty");
    assertError(postbox.send(user, minimal().put("body", 5)), 400,
        "api_validation", "body is a required string whose size must be less than or equal to 1MB in UTF-8 encoding");
    assertError(postbox.send(user, minimal().put("cc", "nope")), 400, "api_validation",
        "\"cc\" failed custom validation because cc must be a valid array or stringified array.");
    assertError(postbox.send(user, minimal().put("extra", 1)), 400, "api_validation", "\"extra\" is not allowed");
    assertThat(emailCount(user.id())).isZero();
  }

  @Test
  void anUnknownContentTypeIsReadAsAnEmptyBody() {
    HttpResponse<Buffer> response = TestPostbox.await(postbox.post(SEND, user())
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("recipient=a@example.com")));
    assertError(response, 400, "api_validation", "\"recipient\" is required");
  }

  @Test
  void anUnparseableJsonBodyIsMalformed() {
    HttpResponse<Buffer> response = TestPostbox.await(postbox.post(SEND, user())
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"recipient\":")));
    assertError(response, 400, "malformed", "Malformed request body");
  }

  @Test
  void aJsonBodyOverTenMebibytesIsMalformed() throws Exception {
    byte[] huge = ("{\"recipient\":\"a@example.com\",\"subject\":\"s\",\"body\":\""
        + "x".repeat(10 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);
    // refused from its declared length, and the connection is closed: a plain socket reads that answer
    RawHttp.Exchange response = RawHttp.exchange(postbox.config.getJsonObject("http").getInteger("port"),
        "POST " + SEND + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user().apiKey()
            + "\r\nContent-Type: application/json\r\nContent-Length: " + huge.length, out -> out.write(huge));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(new JsonObject().put("code", "malformed")
        .put("message", "Malformed request body"));
  }

  @Test
  void aBadIdempotencyKeyIsRefused() {
    HttpResponse<Buffer> response = TestPostbox.await(postbox.post(SEND, user())
        .putHeader("Idempotency-Key", "has space").sendJsonObject(minimal()));
    assertError(response, 400, "api_validation", "\"Idempotency-Key\" must be 1 to 255 printable ASCII characters");
  }

  @Test
  void missingMalformedUnknownExpiredAndRevokedKeysAreUnauthenticated() {
    TestUser user = user();
    String message = "Missing or invalid API key";
    assertError(TestPostbox.await(postbox.http.post(SEND).sendJsonObject(minimal())), 401, "unauthenticated", message);
    assertError(TestPostbox.await(postbox.http.post(SEND).putHeader("Authorization", "bearer " + user.apiKey())
        .sendJsonObject(minimal())), 401, "unauthenticated", message);
    assertError(TestPostbox.await(postbox.http.post(SEND).putHeader("Authorization", "Bearer  " + user.apiKey())
        .sendJsonObject(minimal())), 401, "unauthenticated", message);
    assertError(TestPostbox.await(postbox.http.post(SEND).putHeader("Authorization", "Bearer abc")
        .sendJsonObject(minimal())), 401, "unauthenticated", message);
    String unknown = "sender_v1_" + "A".repeat(44);
    assertError(TestPostbox.await(postbox.http.post(SEND).putHeader("Authorization", "Bearer " + unknown)
        .sendJsonObject(minimal())), 401, "unauthenticated", message);
    assertError(TestPostbox.await(postbox.http.post(SEND).putHeader("Cookie", "key=" + user.apiKey())
        .sendJsonObject(minimal())), 401, "unauthenticated", message);

    String expired = postbox.createKey(user.id(), user.email(), OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
    assertError(TestPostbox.await(postbox.http.post(SEND).putHeader("Authorization", "Bearer " + expired)
        .sendJsonObject(minimal())), 401, "unauthenticated", message);
  }

  @Test
  void aRevokedKeyStopsWorkingOnTheNextRequest() throws Exception {
    TestUser user = user();
    assertThat(postbox.send(user, minimal()).statusCode()).isEqualTo(201);
    long keyId = postbox.sql("SELECT id FROM api_keys WHERE user_id = $1", user.id()).iterator().next().getLong(0);
    TestPostbox.await(postbox.admin.revokeApiKey(keyId));
    long deadline = System.currentTimeMillis() + 2_000;
    int status;
    do {
      status = postbox.send(user, minimal()).statusCode();
    } while (status != 401 && System.currentTimeMillis() < deadline);
    assertThat(status).isEqualTo(401);
  }

  @Test
  void theRateLimitCountsEveryAuthenticatedSendAndSetsHeaders() {
    // the limit is per wall-clock second: on a loaded machine the four sends may straddle two seconds, and then
    // the attempt says nothing about the limit and is made again with a new user
    for (int attempt = 1; ; attempt++) {
      TestUser user = postbox.createUser("limited-" + attempt, 3);
      Eventually.untilNextSecond(5);
      long second = System.currentTimeMillis() / 1000;
      HttpResponse<Buffer> first = postbox.send(user, new JsonObject());
      postbox.send(user, minimal());
      postbox.send(user, minimal());
      HttpResponse<Buffer> limited = postbox.send(user, minimal());
      if (System.currentTimeMillis() / 1000 != second && attempt < 5) {
        continue;
      }
      assertThat(first.statusCode()).isEqualTo(400);
      assertThat(first.getHeader("RateLimit-Limit")).isEqualTo("3");
      assertThat(first.getHeader("RateLimit-Remaining")).isEqualTo("2");
      assertThat(first.getHeader("X-RateLimit-Limit")).isEqualTo("3");
      assertThat(first.getHeader("X-RateLimit-Remaining")).isEqualTo("2");
      assertThat(first.getHeader("RateLimit-Reset")).isEqualTo("1");
      assertError(limited, 429, "rate_limit", "Too many requests. Please try again later.");
      assertThat(limited.getHeader("Retry-After")).isEqualTo("1");
      assertThat(limited.getHeader("RateLimit-Remaining")).isEqualTo("0");
      assertThat(emailCount(user.id())).isEqualTo(2);
      return;
    }
  }

  @Test
  void unknownRoutesAreNotFoundWithTheEnvelope() {
    HttpResponse<Buffer> response = TestPostbox.await(postbox.http.get("/v2/nothing").send());
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("not_found");
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
  }

  @Test
  void healthEndpointsAnswer() {
    HttpResponse<Buffer> live = TestPostbox.await(postbox.http.get("/health/live").send());
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
    HttpResponse<Buffer> ready = TestPostbox.await(postbox.http.get("/health/ready").send());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  private static void assertUnsent(TestUser user, String errorCode) {
    Row row = postbox.sql("SELECT id, status, error_code FROM emails WHERE user_id = $1 ORDER BY id DESC LIMIT 1",
        user.id()).iterator().next();
    assertThat(row.getString("status")).isEqualTo("UNSENT");
    assertThat(row.getString("error_code")).isEqualTo(errorCode);
    Row event = postbox.sql("SELECT type, details FROM email_events WHERE email_id = $1", row.getLong("id"))
        .iterator().next();
    assertThat(event.getString("type")).isEqualTo("send_failed");
    assertThat(((JsonObject) event.getValue("details")).getString("error_code")).isEqualTo(errorCode);
  }

  private static String md5(byte[] content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
