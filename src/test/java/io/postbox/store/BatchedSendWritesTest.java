package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.bus.EmailStoreClient;
import io.postbox.contract.ApiError;
import io.postbox.contract.EmailStore.Acceptance;
import io.postbox.contract.EmailStore.Accepted;
import io.postbox.contract.EmailStore.Created;
import io.postbox.contract.EmailStore.NewEmail;
import io.postbox.contract.EmailStore;
import io.postbox.contract.Timestamps;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
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

  private static NewEmail createCommand(long userId, String recipient, List<String> cc) {
    return new NewEmail(userId, "Postbox <no-reply@example.gov>", "no-reply@example.gov", recipient,
        new JsonObject().put("body", "b").put("from", "Postbox <no-reply@example.gov>").put("subject", "s"),
        List.of(), null, "batch", false, cc, List.of(), new JsonObject(), false, null);
  }

  @Test
  void concurrentCreatesAndAcceptancesEachGetTheirOwnRow() {
    String listed = TestPostbox.uniqueEmail("listed");
    TestPostbox.await(postbox.admin.addToBlacklist(listed));
    EmailStore store = new EmailStoreClient(postbox.vertx);
    List<Future<Created>> created = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      List<String> cc = List.of("copy" + i + "@example.com", listed);
      created.add(store.create(createCommand(user.id(), i == 7 ? listed : "r" + i + "@example.com", cc)));
    }
    TestPostbox.await(Future.all(created));
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      Created row = created.get(i).result();
      ids.add(row.emailId());
      assertThat(row.userEmail()).isEqualTo(user.email());
      assertThat(row.recipientBlacklisted()).isEqualTo(i == 7);
      assertThat(row.keptCc()).containsExactly("copy" + i + "@example.com");
      String recipient = postbox.sql("SELECT recipient FROM emails WHERE id = $1", row.emailId())
          .iterator().next().getString(0);
      assertThat(recipient).isEqualTo(i == 7 ? listed : "r" + i + "@example.com");
    }
    assertThat(ids).hasSize(30);

    List<Future<Accepted>> accepted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      accepted.add(store.accepted(new Acceptance(created.get(i).result().emailId(), Timestamps.nowMillis(),
          "batch-" + i, "postbox-tracking")));
    }
    TestPostbox.await(Future.all(accepted));
    for (int i = 0; i < 30; i++) {
      JsonObject email = accepted.get(i).result().email();
      assertThat(email.getString("id")).isEqualTo(Long.toString(created.get(i).result().emailId()));
      assertThat(email.getString("status")).isEqualTo("ACCEPTED");
      assertThat(email.containsKey("params")).as("the acceptance does not carry the body back").isFalse();
      assertThat(accepted.get(i).result().change().previousStatus()).isEqualTo("UNSENT");
      assertThat(accepted.get(i).result().change().email()).isSameAs(email);
    }
  }

  @Test
  void oneBadCommandInABatchFailsOnlyItsOwnCaller() {
    EmailStore store = new EmailStoreClient(postbox.vertx);
    List<Future<Created>> created = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long userId = i == 3 ? 987_654_321L : user.id();
      created.add(store.create(createCommand(userId, "ok" + i + "@example.com", List.of())));
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
