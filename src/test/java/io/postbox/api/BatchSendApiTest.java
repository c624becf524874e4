package io.postbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §29: batch send through the HTTP API of a running postbox on the real database. */
class BatchSendApiTest {
  private static final String BATCH = "/v1/transactional/email/batch";
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
    return new JsonObject().put("recipient", recipient).put("subject", "Hello").put("body", "<p>Hi</p>");
  }

  private static HttpResponse<Buffer> batch(TestUser user, JsonArray items) {
    return TestPostbox.await(postbox.post(BATCH, user).sendJsonObject(new JsonObject().put("emails", items)));
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("code", code).put("message", message);
  }

  @Test
  void eachItemIsAnsweredInItsSlotInRequestOrder() {
    TestUser user = postbox.createUser("batch", 1000);
    postbox.sql("INSERT INTO blacklist (address, reason) VALUES ($1, 'test') ON CONFLICT DO NOTHING",
        "listed.batch@example.com");
    JsonArray items = new JsonArray()
        .add(item("first@example.com").put("tag", "one"))
        .add(item("not-an-address"))
        .add(item("third@example.com").put("attachments", "x"))
        .add(item("listed.batch@example.com"))
        .add(item("fifth@example.com").put("from", "someone.else@example.com"))
        .add("not an object")
        .add(item("last@example.com"));
    HttpResponse<Buffer> response = batch(user, items);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
    assertThat(data).hasSize(7);
    for (int i = 0; i < data.size(); i++) {
      assertThat(data.getJsonObject(i).getInteger("index")).isEqualTo(i);
    }
    assertThat(data.getJsonObject(0).getInteger("status")).isEqualTo(201);
    JsonObject first = data.getJsonObject(0).getJsonObject("email");
    assertThat(first.getString("recipient")).isEqualTo("first@example.com");
    assertThat(first.getString("status")).isEqualTo("ACCEPTED");
    assertThat(first.getString("tag")).isEqualTo("one");
    assertThat(first.getJsonObject("params").getString("subject")).isEqualTo("Hello");
    assertThat(data.getJsonObject(1)).isEqualTo(new JsonObject().put("index", 1).put("status", 400)
        .put("error", error("api_validation", "\"recipient\" must be a valid email")));
    assertThat(data.getJsonObject(2).getJsonObject("error"))
        .isEqualTo(error("api_validation", "\"emails[2].attachments\" is not allowed"));
    assertThat(data.getJsonObject(3).getInteger("status")).isEqualTo(400);
    assertThat(data.getJsonObject(3).getJsonObject("error"))
        .isEqualTo(error("invalid_template", "Recipient email is blacklisted"));
    assertThat(data.getJsonObject(4).getJsonObject("error")).isEqualTo(error("invalid_from_address",
        "From address must be the default sender address or your own verified email address"));
    assertThat(data.getJsonObject(5).getInteger("status")).isEqualTo(400);
    assertThat(data.getJsonObject(6).getJsonObject("email").getString("recipient")).isEqualTo("last@example.com");

    Row blacklisted = postbox.sql("SELECT status, error_code FROM emails WHERE user_id = $1 AND recipient = $2",
        user.id(), "listed.batch@example.com").iterator().next();
    assertThat(blacklisted.getString("status")).isEqualTo("UNSENT");
    assertThat(blacklisted.getString("error_code")).isEqualTo("Blacklisted recipient");
    assertThat(postbox.sql("SELECT count(*) FROM emails WHERE user_id = $1", user.id()).iterator().next()
        .getLong(0)).isEqualTo(4);
  }

  @Test
  void aHundredItemsAreCreatedInOneStatementAndAcceptedInOneTransaction() {
    TestUser user = postbox.createUser("hundred", 1000);
    JsonArray items = new JsonArray();
    for (int i = 0; i < 100; i++) {
      items.add(item("success+batch" + i + "@simulator.amazonses.com"));
    }
    HttpResponse<Buffer> response = batch(user, items);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      JsonObject slot = data.getJsonObject(i);
      assertThat(slot.getInteger("status")).as(slot.encode()).isEqualTo(201);
      assertThat(slot.getJsonObject("email").getString("recipient"))
          .isEqualTo("success+batch" + i + "@simulator.amazonses.com");
      ids.add(Long.parseLong(slot.getJsonObject("email").getString("id")));
    }
    // one statement: one transaction, so one now() for every row
    assertThat(postbox.sql("SELECT count(DISTINCT created_at) FROM emails WHERE user_id = $1", user.id())
        .iterator().next().getLong(0)).isEqualTo(1);
    // one acceptance transaction: every 'accepted' timeline entry was written by the same transaction id
    Row accepted = postbox.sql("SELECT count(*), count(DISTINCT ev.xmin::text) FROM email_events ev "
        + "JOIN emails e ON e.id = ev.email_id WHERE e.user_id = $1 AND ev.type = 'accepted'", user.id())
        .iterator().next();
    assertThat(accepted.getLong(0)).isEqualTo(100);
    assertThat(accepted.getLong(1)).isEqualTo(1);
  }

  @Test
  void theItemCountMustBeOneToAHundred() {
    TestUser user = postbox.createUser("count", 1000);
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 101; i++) {
      tooMany.add(item("a@example.com"));
    }
    for (JsonArray items : List.of(new JsonArray(), tooMany)) {
      HttpResponse<Buffer> response = batch(user, items);
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject())
          .isEqualTo(error("api_validation", "\"emails\" must contain 1 to 100 items"));
    }
    HttpResponse<Buffer> noEmails = TestPostbox.await(postbox.post(BATCH, user).sendJsonObject(new JsonObject()));
    assertThat(noEmails.bodyAsJsonObject())
        .isEqualTo(error("api_validation", "\"emails\" must contain 1 to 100 items"));
    assertThat(postbox.sql("SELECT count(*) FROM emails WHERE user_id = $1", user.id()).iterator().next()
        .getLong(0)).isZero();
  }

  @Test
  void theRateLimitCountsItemsAndASpentWindowRefusesTheWholeBatch() {
    TestUser user = postbox.createUser("limited", 3);
    JsonArray five = new JsonArray();
    for (int i = 0; i < 5; i++) {
      five.add(item("r" + i + "@example.com"));
    }
    for (int attempt = 1; ; attempt++) {
      Eventually.untilNextSecond(0); // the burst starts in a fresh window
      long startSecond = System.currentTimeMillis() / 1000;
      HttpResponse<Buffer> first = batch(user, five);
      HttpResponse<Buffer> second = batch(user, new JsonArray().add(item("late@example.com")));
      if (System.currentTimeMillis() / 1000 != startSecond && attempt < 5) {
        continue; // the two requests fell into two windows on a loaded machine: try again in a fresh one
      }
      assertThat(first.statusCode()).isEqualTo(200);
      JsonArray data = first.bodyAsJsonObject().getJsonArray("data");
      for (int i = 0; i < 3; i++) {
        assertThat(data.getJsonObject(i).getInteger("status")).isEqualTo(201);
      }
      for (int i = 3; i < 5; i++) {
        assertThat(data.getJsonObject(i)).isEqualTo(new JsonObject().put("index", i).put("status", 429)
            .put("error", error("rate_limit", "Too many requests. Please try again later.")));
      }
      assertThat(first.getHeader("RateLimit-Remaining")).isEqualTo("0");
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.getHeader("Retry-After")).isEqualTo("1");
      assertThat(second.bodyAsJsonObject()).isEqualTo(error("rate_limit", "Too many requests. Please try again later."));
      return;
    }
  }

  @Test
  void oneIdempotencyKeyCoversTheWholeBatch() {
    TestUser user = postbox.createUser("idem", 1000);
    JsonArray items = new JsonArray().add(item("one@example.com")).add(item("bad"));
    HttpResponse<Buffer> first = TestPostbox.await(postbox.post(BATCH, user).putHeader("Idempotency-Key", "batch-1")
        .sendJsonObject(new JsonObject().put("emails", items)));
    HttpResponse<Buffer> again = TestPostbox.await(postbox.post(BATCH, user).putHeader("Idempotency-Key", "batch-1")
        .sendJsonObject(new JsonObject().put("emails", items)));
    HttpResponse<Buffer> changed = TestPostbox.await(postbox.post(BATCH, user)
        .putHeader("Idempotency-Key", "batch-1")
        .sendJsonObject(new JsonObject().put("emails", items.copy().add(item("two@example.com")))));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(changed.statusCode()).isEqualTo(422);
    assertThat(postbox.sql("SELECT count(*) FROM emails WHERE user_id = $1", user.id()).iterator().next()
        .getLong(0)).isEqualTo(1);
  }
}
