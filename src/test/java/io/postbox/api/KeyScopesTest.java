package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Addresses;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §28: a {@code send} key may only send, a {@code read} key may only GET, a {@code full} key may do all; the
 * refusal is 403 {@code unauthorized}, after authentication (401) and before the body is read or validated.
 */
class KeyScopesTest {
  private static final String EMAILS = "/v1/transactional/email";
  private static final JsonObject FORBIDDEN = new JsonObject().put("code", "unauthorized")
      .put("message", "This API key is not allowed to do this");

  private static TestPostbox postbox;
  private static TestUser full;
  private static TestUser sendOnly;
  private static TestUser readOnly;
  private static String emailId;
  private static String webhookId;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_SANDBOX_TIME_SCALE", "0"));
    full = postbox.createUser("scoped", 1000);
    sendOnly = postbox.withKey(full, "send", "live");
    readOnly = postbox.withKey(full, "read", "live");
    HttpResponse<Buffer> sent = postbox.send(full, email());
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    emailId = sent.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> webhook = call(full, HttpMethod.POST, "/v1/webhooks", webhook());
    assertThat(webhook.statusCode()).as(webhook.bodyAsString()).isEqualTo(201);
    webhookId = webhook.bodyAsJsonObject().getString("id");
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject email() {
    return new JsonObject().put("recipient", "scoped@example.com").put("subject", "Scopes").put("body", "<p>hi</p>");
  }

  private static JsonObject webhook() {
    return new JsonObject().put("url", "https://203.0.113.10/hook")
        .put("event_types", new JsonArray().add("email.delivered"));
  }

  private static HttpResponse<Buffer> call(TestUser user, HttpMethod method, String path, JsonObject body) {
    var request = postbox.http.request(method, path).putHeader("Authorization", "Bearer " + user.apiKey());
    return TestPostbox.await(body == null ? request.send() : request.sendJsonObject(body));
  }

  /** Every GET route of the API. */
  private static Map<String, String> reads() {
    return Map.of(
        "list", EMAILS,
        "get", EMAILS + "/" + emailId,
        "events", EMAILS + "/" + emailId + "/events",
        "stats", EMAILS + "/stats",
        "webhooks", "/v1/webhooks",
        "webhook", "/v1/webhooks/" + webhookId,
        "deliveries", "/v1/webhooks/" + webhookId + "/deliveries",
        "suppressions", "/v1/suppressions",
        "suppression check", "/v1/suppressions/check?address=scoped@example.com",
        "suppression export", "/v1/suppressions/export");
  }

  private static void assertForbidden(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject()).isEqualTo(FORBIDDEN);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
  }

  @Test
  void aSendKeySendsAndNothingElse() {
    HttpResponse<Buffer> sent = postbox.send(sendOnly, email());
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    reads().forEach((name, path) -> assertForbidden(call(sendOnly, HttpMethod.GET, path, null)));
    assertForbidden(call(sendOnly, HttpMethod.POST, "/v1/webhooks", webhook()));
    assertForbidden(call(sendOnly, HttpMethod.PATCH, "/v1/webhooks/" + webhookId,
        new JsonObject().put("enabled", false)));
    assertForbidden(call(sendOnly, HttpMethod.POST, "/v1/webhooks/" + webhookId + "/test", new JsonObject()));
    assertForbidden(call(sendOnly, HttpMethod.DELETE, "/v1/webhooks/" + webhookId, null));
    assertForbidden(call(sendOnly, HttpMethod.POST, "/v1/suppressions",
        new JsonObject().put("address", "x@example.com")));
    assertForbidden(call(sendOnly, HttpMethod.DELETE, "/v1/suppressions/x@example.com", null));
  }

  @Test
  void aReadKeyReadsEveryGetRouteAndChangesNothing() {
    reads().forEach((name, path) -> {
      HttpResponse<Buffer> read = call(readOnly, HttpMethod.GET, path, null);
      assertThat(read.statusCode()).as(name + ": " + read.bodyAsString()).isEqualTo(200);
    });
    assertThat(call(readOnly, HttpMethod.GET, EMAILS + "/" + emailId, null).bodyAsJsonObject().getString("id"))
        .isEqualTo(emailId);
    long emailsBefore = emailCount();
    assertForbidden(postbox.send(readOnly, email()));
    assertThat(emailCount()).isEqualTo(emailsBefore);
    assertForbidden(call(readOnly, HttpMethod.POST, "/v1/webhooks", webhook()));
    assertForbidden(call(readOnly, HttpMethod.PATCH, "/v1/webhooks/" + webhookId,
        new JsonObject().put("enabled", false)));
    assertForbidden(call(readOnly, HttpMethod.POST, "/v1/webhooks/" + webhookId + "/test", new JsonObject()));
    assertForbidden(call(readOnly, HttpMethod.DELETE, "/v1/webhooks/" + webhookId, null));
    assertForbidden(call(readOnly, HttpMethod.POST, "/v1/suppressions",
        new JsonObject().put("address", "x@example.com")));
    assertForbidden(call(readOnly, HttpMethod.DELETE, "/v1/suppressions/x@example.com", null));
    assertThat(call(full, HttpMethod.GET, "/v1/webhooks/" + webhookId, null).bodyAsJsonObject().getBoolean("enabled"))
        .isTrue();
  }

  @Test
  void aFullKeyDoesEverything() {
    reads().forEach((name, path) -> assertThat(call(full, HttpMethod.GET, path, null).statusCode()).as(name)
        .isEqualTo(200));
    HttpResponse<Buffer> created = call(full, HttpMethod.POST, "/v1/webhooks", webhook());
    assertThat(created.statusCode()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(call(full, HttpMethod.PATCH, "/v1/webhooks/" + id, new JsonObject().put("enabled", false))
        .statusCode()).isEqualTo(200);
    assertThat(call(full, HttpMethod.POST, "/v1/webhooks/" + id + "/test", new JsonObject()).statusCode())
        .isEqualTo(202);
    assertThat(call(full, HttpMethod.DELETE, "/v1/webhooks/" + id, null).statusCode()).isEqualTo(200);
  }

  /**
   * The order chosen: authenticate (401), then the scope (403), before the body and fields; a send is counted
   * against the rate limit first, like every authenticated send (SPEC §13), so its answer has the headers.
   */
  @Test
  void theScopeIsCheckedAfterTheKeyAndBeforeTheBody() {
    TestUser unknown = new TestUser(full.id(), full.email(), "nobody_v1_" + "A".repeat(44));
    assertThat(call(unknown, HttpMethod.GET, EMAILS, null).statusCode()).isEqualTo(401);
    assertThat(call(unknown, HttpMethod.DELETE, "/v1/webhooks/" + webhookId, null).statusCode()).isEqualTo(401);

    HttpResponse<Buffer> invalidSend = TestPostbox.await(postbox.post(EMAILS + "/send", readOnly)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{not json")));
    assertForbidden(invalidSend);
    assertThat(invalidSend.getHeader("RateLimit-Limit")).isEqualTo("1000");
    HttpResponse<Buffer> badIdempotencyKey = TestPostbox.await(postbox.post(EMAILS + "/send", readOnly)
        .putHeader("Idempotency-Key", "").sendJsonObject(email()));
    assertForbidden(badIdempotencyKey);
    assertForbidden(call(readOnly, HttpMethod.POST, "/v1/webhooks", new JsonObject().put("url", 42)));
    assertForbidden(call(sendOnly, HttpMethod.GET, EMAILS + "/not-a-number", null));
    assertForbidden(call(sendOnly, HttpMethod.GET, EMAILS + "?limit=0", null));
  }

  @Test
  void aSiblingVerticlePassesTheKeysScopeOrActsWithFull() {
    JsonObject send = new JsonObject().put("user_id", full.id()).put("request", email());
    JsonObject get = new JsonObject().put("user_id", full.id()).put("email_id", emailId);
    JsonObject list = new JsonObject().put("user_id", full.id());

    assertThat(busRequest(Addresses.EMAIL_SEND, send.copy()).getString("status")).isEqualTo("ACCEPTED");
    assertThat(busRequest(Addresses.EMAIL_GET, get.copy()).getString("id")).isEqualTo(emailId);
    assertThat(busRequest(Addresses.EMAIL_SEND, send.copy().put("scope", "send")).getString("status"))
        .isEqualTo("ACCEPTED");
    assertThat(busRequest(Addresses.EMAIL_LIST, list.copy().put("scope", "read")).getJsonArray("data")).isNotEmpty();
    assertThat(busRequest(Addresses.EMAIL_GET, get.copy().put("scope", "full")).getString("id")).isEqualTo(emailId);

    assertBusForbidden(Addresses.EMAIL_SEND, send.copy().put("scope", "read"));
    assertBusForbidden(Addresses.EMAIL_GET, get.copy().put("scope", "send"));
    assertBusForbidden(Addresses.EMAIL_LIST, list.copy().put("scope", "send"));
    ReplyException unknownScope = busFailure(Addresses.EMAIL_GET, get.copy().put("scope", "admin"));
    assertThat(unknownScope.failureCode()).isEqualTo(400);
  }

  private static long emailCount() {
    return postbox.sql("SELECT count(*) FROM emails WHERE user_id = $1", full.id()).iterator().next().getLong(0);
  }

  private static JsonObject busRequest(String address, JsonObject body) {
    return TestPostbox.await(postbox.vertx.eventBus().<JsonObject>request(address, body,
        new DeliveryOptions().setSendTimeout(30_000))).body();
  }

  private static ReplyException busFailure(String address, JsonObject body) {
    try {
      busRequest(address, body);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof ReplyException)) {
        cause = cause.getCause();
      }
      assertThat(cause).as(e.toString()).isInstanceOf(ReplyException.class);
      return (ReplyException) cause;
    }
    throw new AssertionError("the request on " + address + " succeeded");
  }

  private static void assertBusForbidden(String address, JsonObject body) {
    ReplyException failure = busFailure(address, body);
    assertThat(failure.failureCode()).isEqualTo(403);
    assertThat(new JsonObject(failure.getMessage())).isEqualTo(FORBIDDEN);
  }
}
