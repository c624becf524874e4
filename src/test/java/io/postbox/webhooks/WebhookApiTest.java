package io.postbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §16 routes with the production default {@code webhooks.allowPrivateTargets=false}. */
class WebhookApiTest {
  private static final String PUBLIC_URL = "https://203.0.113.10/hooks";
  private static TestPostbox postbox;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_WEBHOOKS_MAX_PER_USER", "3"));
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, TestUser user, Object body) {
    var request = postbox.http.request(method, path).putHeader("Authorization", "Bearer " + user.apiKey());
    if (body == null) {
      return TestPostbox.await(request.send());
    }
    return TestPostbox.await(body instanceof String text
        ? request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(text))
        : request.sendJsonObject((JsonObject) body));
  }

  private static JsonObject valid() {
    return new JsonObject().put("url", PUBLIC_URL).put("event_types", new JsonArray().add("email.delivered"));
  }

  private static JsonObject create(TestUser user, JsonObject body) {
    HttpResponse<Buffer> response = call(HttpMethod.POST, "/v1/webhooks", user, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code, String message) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", code).put("message", message));
  }

  @Test
  void createReadUpdateAndDelete() {
    TestUser user = postbox.createUser("crud");
    JsonObject created = create(user, valid().put("description", "Orders").put("event_types",
        new JsonArray().add("email.delivered").add("email.bounced")));
    assertThat(created.fieldNames()).containsExactly("id", "url", "event_types", "enabled", "description",
        "created_at", "updated_at", "secret");
    assertThat(created.getString("id")).startsWith("wh_");
    assertThat(created.getString("url")).isEqualTo(PUBLIC_URL);
    assertThat(created.getJsonArray("event_types")).containsExactly("email.delivered", "email.bounced");
    assertThat(created.getBoolean("enabled")).isTrue();
    assertThat(created.getString("description")).isEqualTo("Orders");
    assertThat(created.getString("secret")).matches("whsec_[A-Za-z0-9+/]{32}");
    String id = created.getString("id");

    JsonObject read = postbox.get(user, "/v1/webhooks/" + id).bodyAsJsonObject();
    JsonObject withoutSecret = created.copy();
    withoutSecret.remove("secret");
    assertThat(read).isEqualTo(withoutSecret);
    JsonObject second = create(user, valid().put("enabled", false));
    assertThat(second.getBoolean("enabled")).isFalse();
    assertThat(second.getValue("description")).isNull();
    JsonArray list = postbox.get(user, "/v1/webhooks").bodyAsJsonObject().getJsonArray("data");
    assertThat(list.stream().map(item -> ((JsonObject) item).getString("id"))).containsExactly(second.getString("id"), id);
    assertThat(list.getJsonObject(1).containsKey("secret")).isFalse();

    HttpResponse<Buffer> patched = call(HttpMethod.PATCH, "/v1/webhooks/" + id, user, new JsonObject()
        .put("url", "https://203.0.113.11/other").put("event_types", new JsonArray().add("email.opened"))
        .put("description", null));
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    JsonObject updated = patched.bodyAsJsonObject();
    assertThat(updated.getString("url")).isEqualTo("https://203.0.113.11/other");
    assertThat(updated.getJsonArray("event_types")).containsExactly("email.opened");
    assertThat(updated.getValue("description")).isNull();
    assertThat(updated.getBoolean("enabled")).isTrue();
    assertThat(updated.getString("created_at")).isEqualTo(created.getString("created_at"));
    assertThat(updated.getString("updated_at")).isGreaterThanOrEqualTo(created.getString("updated_at"));
    assertThat(call(HttpMethod.PATCH, "/v1/webhooks/" + id, user, new JsonObject().put("description", "again"))
        .bodyAsJsonObject().getString("url")).isEqualTo("https://203.0.113.11/other");

    HttpResponse<Buffer> deleted = call(HttpMethod.DELETE, "/v1/webhooks/" + id, user, null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", id));
    assertError(postbox.get(user, "/v1/webhooks/" + id), 404, "not_found", "Webhook with ID " + id + " not found.");
    assertError(call(HttpMethod.DELETE, "/v1/webhooks/" + id, user, null), 404, "not_found",
        "Webhook with ID " + id + " not found.");
  }

  @Test
  void deletingAWebhookDeletesItsDeliveries() {
    TestUser user = postbox.createUser("cascade");
    String id = create(user, valid()).getString("id");
    assertThat(call(HttpMethod.POST, "/v1/webhooks/" + id + "/test", user, null).statusCode()).isEqualTo(202);
    assertThat(postbox.sql("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = $1", id).iterator().next()
        .getLong(0)).isEqualTo(1);
    call(HttpMethod.DELETE, "/v1/webhooks/" + id, user, null);
    assertThat(postbox.sql("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = $1", id).iterator().next()
        .getLong(0)).isZero();
  }

  @Test
  void invalidBodiesAreRefusedWithTheFirstFailure() {
    TestUser user = postbox.createUser("invalid");
    Map<JsonObject, String> cases = new java.util.LinkedHashMap<>();
    cases.put(new JsonObject(), "\"url\" is required");
    cases.put(valid().put("url", 42), "\"url\" must be a string");
    cases.put(valid().put("url", "ftp://example.com/x"), "\"url\" must be a valid uri with a scheme matching the http|https pattern");
    cases.put(valid().put("url", "/relative"), "\"url\" must be a valid uri with a scheme matching the http|https pattern");
    cases.put(valid().put("url", "https://"), "\"url\" must be a valid uri with a scheme matching the http|https pattern");
    cases.put(valid().put("url", "https://203.0.113.10/" + "a".repeat(2048)),
        "\"url\" length must be less than or equal to 2048 characters long");
    cases.put(new JsonObject().put("url", PUBLIC_URL), "\"event_types\" is required");
    cases.put(valid().put("event_types", "email.sent"), "\"event_types\" must be an array");
    cases.put(valid().put("event_types", new JsonArray()), "\"event_types\" must contain at least 1 items");
    cases.put(valid().put("event_types", new JsonArray().add("email.sent").add("email.clicked")),
        "\"event_types[1]\" must be one of [email.accepted, email.sent, email.delivered, email.opened, email.bounced, "
            + "email.complained, email.scheduled, email.cancelled, suppression.created]");
    cases.put(valid().put("event_types", new JsonArray().add("email.sent").add("email.sent")),
        "\"event_types[1]\" contains a duplicate value");
    cases.put(valid().put("enabled", "yes"), "\"enabled\" must be a boolean");
    cases.put(valid().put("description", 7), "\"description\" must be a string");
    cases.put(valid().put("description", "d".repeat(256)),
        "\"description\" length must be less than or equal to 255 characters long");
    cases.put(valid().put("secret", "mine"), "\"secret\" is not allowed");
    cases.forEach((body, message) ->
        assertError(call(HttpMethod.POST, "/v1/webhooks", user, body), 400, "api_validation", message));
    assertThat(create(user, valid().put("description", "d".repeat(255))).getString("description")).hasSize(255);

    assertError(call(HttpMethod.POST, "/v1/webhooks", user, "{not json"), 400, "malformed", "Malformed request body");
    assertError(call(HttpMethod.POST, "/v1/webhooks", user, "[1]"), 400, "malformed", "Malformed request body");
    String id = create(user, valid()).getString("id");
    assertError(call(HttpMethod.PATCH, "/v1/webhooks/" + id, user, new JsonObject().put("url", null)), 400,
        "api_validation", "\"url\" must be a string");
    assertError(call(HttpMethod.PATCH, "/v1/webhooks/" + id, user, new JsonObject().put("event_types", new JsonArray())),
        400, "api_validation", "\"event_types\" must contain at least 1 items");
    assertError(call(HttpMethod.PATCH, "/v1/webhooks/" + id, user, new JsonObject().put("id", "wh_x")), 400,
        "api_validation", "\"id\" is not allowed");
  }

  @Test
  void privateAndLoopbackTargetsAreRefused() {
    TestUser user = postbox.createUser("private");
    for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook",
        "http://10.1.2.3/hook", "http://172.16.0.1/hook", "http://192.168.1.1/hook", "http://169.254.169.254/latest",
        "http://[fe80::1]/hook", "http://[fd12:3456::1]/hook", "http://0.0.0.0/hook", "http://224.0.0.1/hook",
        "http://[::ffff:127.0.0.1]/hook", "http://100.64.0.1/hook")) {
      assertError(call(HttpMethod.POST, "/v1/webhooks", user, valid().put("url", url)), 400, "api_validation",
          "\"url\" must not point to a private or loopback address");
    }
    String id = create(user, valid()).getString("id");
    assertError(call(HttpMethod.PATCH, "/v1/webhooks/" + id, user, new JsonObject().put("url", "http://127.0.0.1/x")),
        400, "api_validation", "\"url\" must not point to a private or loopback address");
    assertThat(postbox.get(user, "/v1/webhooks/" + id).bodyAsJsonObject().getString("url")).isEqualTo(PUBLIC_URL);
  }

  @Test
  void aHostThatDoesNotResolveYetIsAcceptedSinceEveryAttemptChecksAgain() {
    TestUser user = postbox.createUser("unresolved");
    JsonObject created = create(user, valid().put("url", "https://nowhere.invalid/hook"));
    assertThat(created.getString("url")).isEqualTo("https://nowhere.invalid/hook");
  }

  @Test
  void aUserHasAtMostTheConfiguredNumberOfWebhooks() {
    TestUser user = postbox.createUser("limit");
    for (int i = 0; i < 3; i++) {
      create(user, valid());
    }
    assertError(call(HttpMethod.POST, "/v1/webhooks", user, valid()), 400, "api_validation",
        "Maximum of 3 webhooks allowed");
    create(postbox.createUser("another"), valid());
  }

  @Test
  void unknownAndForeignIdsAreNotFound() {
    TestUser owner = postbox.createUser("owner");
    TestUser stranger = postbox.createUser("stranger");
    String id = create(owner, valid()).getString("id");
    String deliveryId = call(HttpMethod.POST, "/v1/webhooks/" + id + "/test", owner, null).bodyAsJsonObject()
        .getString("id");
    String notFound = "Webhook with ID " + id + " not found.";
    assertError(postbox.get(stranger, "/v1/webhooks/" + id), 404, "not_found", notFound);
    assertError(call(HttpMethod.PATCH, "/v1/webhooks/" + id, stranger, new JsonObject().put("enabled", false)), 404,
        "not_found", notFound);
    assertError(call(HttpMethod.DELETE, "/v1/webhooks/" + id, stranger, null), 404, "not_found", notFound);
    assertError(call(HttpMethod.POST, "/v1/webhooks/" + id + "/test", stranger, null), 404, "not_found", notFound);
    assertError(postbox.get(stranger, "/v1/webhooks/" + id + "/deliveries"), 404, "not_found", notFound);
    assertError(call(HttpMethod.POST, "/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/replay", stranger, null),
        404, "not_found", notFound);
    assertThat(postbox.get(stranger, "/v1/webhooks").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("data", new JsonArray()));
    assertThat(postbox.get(owner, "/v1/webhooks/" + id).statusCode()).isEqualTo(200);
    assertThat(postbox.get(owner, "/v1/webhooks/" + id + "/deliveries").bodyAsJsonObject().getJsonArray("data"))
        .hasSize(1);

    assertError(postbox.get(owner, "/v1/webhooks/wh_unknown"), 404, "not_found", "Webhook with ID wh_unknown not found.");
    assertError(call(HttpMethod.POST, "/v1/webhooks/" + id + "/deliveries/whd_unknown/replay", owner, null), 404,
        "not_found", "Delivery with ID whd_unknown not found.");
    String otherId = create(owner, valid()).getString("id");
    assertError(call(HttpMethod.POST, "/v1/webhooks/" + otherId + "/deliveries/" + deliveryId + "/replay", owner, null),
        404, "not_found", "Delivery with ID " + deliveryId + " not found.");
    assertThat(postbox.get(owner, "/v1/webhooks/" + otherId + "/deliveries").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("has_more", false).put("data", new JsonArray()));
  }

  @Test
  void deliveriesArePagedNewestFirstAndFilteredByStatus() {
    TestUser user = postbox.createUser("pages");
    String id = create(user, valid()).getString("id");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(call(HttpMethod.POST, "/v1/webhooks/" + id + "/test", user, null).bodyAsJsonObject().getString("id"));
    }
    JsonObject page = postbox.get(user, "/v1/webhooks/" + id + "/deliveries?limit=2").bodyAsJsonObject();
    assertThat(page.getBoolean("has_more")).isTrue();
    assertThat(page.getJsonArray("data").stream().map(d -> ((JsonObject) d).getString("id")))
        .containsExactly(ids.get(2), ids.get(1));
    JsonObject rest = postbox.get(user, "/v1/webhooks/" + id + "/deliveries?limit=2&offset=2").bodyAsJsonObject();
    assertThat(rest.getBoolean("has_more")).isFalse();
    assertThat(rest.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo(ids.get(0));
    assertThat(postbox.get(user, "/v1/webhooks/" + id + "/deliveries?status=pending").bodyAsJsonObject()
        .getJsonArray("data")).hasSize(3);
    assertThat(postbox.get(user, "/v1/webhooks/" + id + "/deliveries?status=succeeded").bodyAsJsonObject()
        .getJsonArray("data")).isEmpty();
    assertError(postbox.get(user, "/v1/webhooks/" + id + "/deliveries?limit=0"), 400, "api_validation",
        "\"limit\" must be greater than or equal to 1");
    assertError(postbox.get(user, "/v1/webhooks/" + id + "/deliveries?limit=1001"), 400, "api_validation",
        "\"limit\" must be less than or equal to 1000");
    assertError(postbox.get(user, "/v1/webhooks/" + id + "/deliveries?offset=-1"), 400, "api_validation",
        "\"offset\" must be greater than or equal to 0");
    assertError(postbox.get(user, "/v1/webhooks/" + id + "/deliveries?status=done"), 400, "api_validation",
        "\"status\" must be one of [pending, succeeded, failed]");
    assertError(postbox.get(user, "/v1/webhooks/" + id + "/deliveries?sort=asc"), 400, "api_validation",
        "\"sort\" is not allowed");
  }

  @Test
  void everyRouteNeedsAnApiKey() {
    for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
      HttpResponse<Buffer> response = TestPostbox.await(postbox.http.request(method, "/v1/webhooks").send());
      assertError(response, 401, "unauthenticated", "Missing or invalid API key");
    }
    assertError(TestPostbox.await(postbox.http.request(HttpMethod.POST, "/v1/webhooks/wh_x/test").send()), 401,
        "unauthenticated", "Missing or invalid API key");
  }
}
