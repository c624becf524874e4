package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §26: metadata on send, JSON and form, stored, answered, fingerprinted, and its errors. */
class MetadataApiTest {
  private static final String SEND = "/v1/transactional/email/send";
  private static TestPostbox postbox;
  private static TestUser user;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start();
    user = postbox.createUser("metadata", 1000);
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject email() {
    return new JsonObject().put("recipient", "meta@example.com").put("subject", "S").put("body", "<p>b</p>");
  }

  private static void assertValidation(HttpResponse<Buffer> response, String message) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("code", "api_validation").put("message", message));
  }

  @Test
  void metadataIsStoredAndAnsweredAfterTheTestFlag() {
    JsonObject metadata = new JsonObject().put("order_id", "A-1").put("Customer_7", "x y");
    HttpResponse<Buffer> sent = postbox.send(user, email().put("metadata", metadata));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    JsonObject created = sent.bodyAsJsonObject();
    assertThat(created.getJsonObject("metadata")).isEqualTo(metadata);
    List<String> keys = List.copyOf(created.fieldNames());
    assertThat(keys.subList(keys.size() - 5, keys.size()))
        .containsExactly("disable_tracking", "test", "metadata", "scheduled_at", "redacted_at");

    JsonObject read = postbox.get(user, "/v1/transactional/email/" + created.getString("id")).bodyAsJsonObject();
    assertThat(read.getJsonObject("metadata")).isEqualTo(metadata);
    assertThat(postbox.sql("SELECT metadata::text FROM emails WHERE id = $1", Long.parseLong(created.getString("id")))
        .iterator().next().getString(0)).contains("\"order_id\": \"A-1\"");
  }

  @Test
  void noMetadataIsAnEmptyObject() {
    HttpResponse<Buffer> sent = postbox.send(user, email());
    assertThat(sent.statusCode()).isEqualTo(201);
    assertThat(sent.bodyAsJsonObject().getJsonObject("metadata")).isEqualTo(new JsonObject());
  }

  @Test
  void formFieldsNamedMetadataKeyMakeTheObject() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("recipient", "form@example.com").add("subject", "S")
        .add("body", "b").add("metadata[order_id]", "F-9").add("metadata[step]", "2");
    HttpResponse<Buffer> sent = TestPostbox.await(postbox.post(SEND, user).sendForm(form));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    assertThat(sent.bodyAsJsonObject().getJsonObject("metadata"))
        .isEqualTo(new JsonObject().put("order_id", "F-9").put("step", "2"));

    MultiMap badKey = MultiMap.caseInsensitiveMultiMap().add("recipient", "form@example.com").add("subject", "S")
        .add("body", "b").add("metadata[order-id]", "F-9");
    assertValidation(TestPostbox.await(postbox.post(SEND, user).sendForm(badKey)),
        "\"metadata\" keys must match ^[a-zA-Z0-9_]{1,40}$");
  }

  @Test
  void rulesOfSection26() {
    String notAnObject = "\"metadata\" must be an object of at most 10 string values";
    assertValidation(postbox.send(user, email().put("metadata", "x")), notAnObject);
    assertValidation(postbox.send(user, email().put("metadata", new JsonArray().add("x"))), notAnObject);
    JsonObject eleven = new JsonObject();
    for (int i = 0; i < 11; i++) {
      eleven.put("k" + i, "v");
    }
    assertValidation(postbox.send(user, email().put("metadata", eleven)), notAnObject);
    JsonObject ten = eleven.copy();
    ten.remove("k10");
    assertThat(postbox.send(user, email().put("metadata", ten)).statusCode()).isEqualTo(201);

    assertValidation(postbox.send(user, email().put("metadata", new JsonObject().put("k", "x".repeat(257)))),
        "\"metadata.k\" must be a string of at most 256 characters");
    assertThat(postbox.send(user, email().put("metadata", new JsonObject().put("k", "x".repeat(256))))
        .statusCode()).isEqualTo(201);
    assertValidation(postbox.send(user, email().put("metadata", new JsonObject().put("k", ""))),
        "\"metadata.k\" must be a string of at most 256 characters");
    assertValidation(postbox.send(user, email().put("metadata", new JsonObject().put("k", 5))),
        "\"metadata.k\" must be a string of at most 256 characters");
    String keys = "\"metadata\" keys must match ^[a-zA-Z0-9_]{1,40}$";
    assertValidation(postbox.send(user, email().put("metadata", new JsonObject().put("a.b", "v"))), keys);
    assertValidation(postbox.send(user, email().put("metadata", new JsonObject().put("k".repeat(41), "v"))), keys);
    assertValidation(postbox.send(user, email().put("metadata", new JsonObject().put("k", "a\u0000b"))),
        "\"metadata.k\" must not contain control characters");
  }

  @Test
  void metadataIsPartOfTheIdempotencyFingerprint() {
    String key = "meta-" + UUID.randomUUID();
    JsonObject body = email().put("metadata", new JsonObject().put("order_id", "1"));
    HttpResponse<Buffer> first = TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key)
        .sendJsonObject(body));
    assertThat(first.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> same = TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key)
        .sendJsonObject(body));
    assertThat(same.getHeader("Idempotent-Replayed")).isEqualTo("true");
    HttpResponse<Buffer> other = TestPostbox.await(postbox.post(SEND, user).putHeader("Idempotency-Key", key)
        .sendJsonObject(email().put("metadata", new JsonObject().put("order_id", "2"))));
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.bodyAsJsonObject().getString("code")).isEqualTo("idempotency_mismatch");
  }
}
