package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.postbox.contract.Timestamps;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrent creates and acceptances share statements (group commit), and still answer each caller its own row. */
class BatchedSendWritesTest {
  private static TestPostbox postbox;
  private static TestPostbox.TestUser user;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(java.util.Map.of("POSTBOX_ROLES", "store"));
    user = postbox.createUser("batched");
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  private static JsonObject createCommand(long userId, String recipient, JsonArray cc) {
    return new JsonObject().put("user_id", userId).put("from", "Postbox <no-reply@example.gov>")
        .put("from_address", "no-reply@example.gov").put("recipient", recipient)
        .put("params", new JsonObject().put("body", "b").put("from", "Postbox <no-reply@example.gov>").put("subject", "s"))
        .put("attachments_metadata", null).put("classification", null).put("tag", "batch").put("disable_tracking", false)
        .put("cc", cc).put("bcc", new JsonArray());
  }

  private static Future<JsonObject> request(String address, JsonObject body) {
    return postbox.vertx.eventBus().<JsonObject>request(address, body).map(Message::body);
  }

  @Test
  void concurrentCreatesAndAcceptancesEachGetTheirOwnRow() {
    String listed = TestPostbox.uniqueEmail("listed");
    TestPostbox.await(postbox.admin.addToBlacklist(listed));
    List<Future<JsonObject>> created = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      JsonArray cc = new JsonArray().add("copy" + i + "@example.com").add(listed);
      created.add(request(Addresses.STORE_EMAIL_CREATE,
          createCommand(user.id(), i == 7 ? listed : "r" + i + "@example.com", cc)));
    }
    TestPostbox.await(Future.all(created));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      JsonObject row = created.get(i).result();
      ids.add(row.getString("email_id"));
      assertThat(row.getString("user_email")).isEqualTo(user.email());
      assertThat(row.getBoolean("recipient_blacklisted")).isEqualTo(i == 7);
      assertThat(row.getJsonArray("kept_cc")).containsExactly("copy" + i + "@example.com");
      String recipient = postbox.sql("SELECT recipient FROM emails WHERE id = $1", Long.parseLong(row.getString("email_id")))
          .iterator().next().getString(0);
      assertThat(recipient).isEqualTo(i == 7 ? listed : "r" + i + "@example.com");
    }
    assertThat(ids).hasSize(30);

    List<Future<JsonObject>> accepted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      accepted.add(request(Addresses.STORE_EMAIL_ACCEPTED, new JsonObject()
          .put("email_id", created.get(i).result().getString("email_id"))
          .put("accepted_at", Timestamps.format(Timestamps.nowMillis()))
          .put("ses_message_id", "batch-" + i).put("configuration_set", "postbox-tracking")));
    }
    TestPostbox.await(Future.all(accepted));
    for (int i = 0; i < 30; i++) {
      JsonObject email = accepted.get(i).result().getJsonObject("email");
      assertThat(email.getString("id")).isEqualTo(created.get(i).result().getString("email_id"));
      assertThat(email.getString("status")).isEqualTo("ACCEPTED");
      assertThat(accepted.get(i).result().getJsonObject("status_change").getString("previous_status")).isEqualTo("UNSENT");
    }
  }

  @Test
  void oneBadCommandInABatchFailsOnlyItsOwnCaller() {
    List<Future<JsonObject>> created = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long userId = i == 3 ? 987_654_321L : user.id();
      created.add(request(Addresses.STORE_EMAIL_CREATE, createCommand(userId, "ok" + i + "@example.com", new JsonArray())));
    }
    TestPostbox.await(Future.join(created).otherwiseEmpty());
    for (int i = 0; i < 10; i++) {
      if (i == 3) {
        assertThat(created.get(i).failed()).isTrue();
        assertThat(ApiError.fromFailure(created.get(i).cause()).code()).isEqualTo("unauthenticated");
      } else {
        assertThat(created.get(i).succeeded()).as("command %d", i).isTrue();
      }
    }
  }
}
