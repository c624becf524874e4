package io.postbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.postbox.support.WebhookReceiver;
import io.postbox.support.WebhookReceiver.Received;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nodes without the webhooks role: the outbox row is committed with the status change, so an event whose
 * delivery loop was not running (crashed between commit and delivery) is delivered once a delivery loop runs again;
 * and a delivery loop that does not allow private targets refuses them after resolution on every attempt.
 */
class WebhookRecoveryTest {
  private static final Map<String, String> NO_DELIVERY_LOOP = Map.of(
      "POSTBOX_ROLES", "api,dispatch,ingest,tracking,store",
      "POSTBOX_WEBHOOKS_ALLOW_PRIVATE", "true");

  @Test
  void aCrashBetweenCommitAndDeliveryStillDeliversOnceTheDeliveryLoopRunsAgain() {
    try (TestPostbox postbox = TestPostbox.start(NO_DELIVERY_LOOP); WebhookReceiver receiver = new WebhookReceiver(postbox.vertx)) {
      TestUser user = postbox.createUser("recover", 1000);
      JsonObject webhook = WebhookDeliveryTest.register(postbox, user, receiver.url("/recover"), "email.accepted");
      assertThat(postbox.send(user, new JsonObject().put("recipient", "success@simulator.amazonses.com")
          .put("subject", "s").put("body", "b")).statusCode()).isEqualTo(201);
      Eventually.never(Duration.ofMillis(1_500), "delivery while no dispatcher runs",
          () -> !receiver.received("/recover").isEmpty());
      JsonArray pending = WebhookDeliveryTest.deliveries(postbox, user, webhook.getString("id")).getJsonArray("data");
      assertThat(pending).hasSize(1);
      assertThat(pending.getJsonObject(0).getString("status")).isEqualTo("pending");

      long started = System.currentTimeMillis();
      TestPostbox.await(postbox.vertx.deployVerticle(new WebhooksVerticle(),
          new DeploymentOptions().setConfig(postbox.config)));
      List<Received> received = receiver.await("/recover", 1, 5_000);
      assertThat(received).hasSize(1);
      assertThat(received.get(0).receivedAtMillis() - started).isLessThan(5_000);
      assertThat(received.get(0).json().getString("type")).isEqualTo("email.accepted");
      assertThat(WebhookReceiver.verify(webhook.getString("secret"), received.get(0))).isTrue();
      Eventually.never(Duration.ofMillis(1_500), "second delivery of the recovered event",
          () -> receiver.received("/recover").size() != 1);
    }
  }

  @Test
  void aDeliveryLoopThatRefusesPrivateTargetsChecksEveryAttempt() {
    try (TestPostbox postbox = TestPostbox.start(NO_DELIVERY_LOOP); WebhookReceiver receiver = new WebhookReceiver(postbox.vertx)) {
      TestUser user = postbox.createUser("private", 1000);
      JsonObject webhook = WebhookDeliveryTest.register(postbox, user, receiver.url("/private"), "email.accepted");
      JsonObject strict = postbox.config.copy();
      strict.getJsonObject("webhooks").put("allowPrivateTargets", false);
      TestPostbox.await(postbox.vertx.deployVerticle(new WebhooksVerticle(), new DeploymentOptions().setConfig(strict)));
      assertThat(TestPostbox.await(postbox.post("/v1/webhooks/" + webhook.getString("id") + "/test", user).send())
          .statusCode()).isEqualTo(202);
      JsonArray data = WebhookDeliveryTest.awaitDeliveries(postbox, user, webhook.getString("id"),
          d -> d.size() == 1 && d.getJsonObject(0).getInteger("attempt_count") >= 1, 5_000);
      JsonObject delivery = data.getJsonObject(0);
      assertThat(delivery.getString("status")).isEqualTo("pending");
      assertThat(delivery.getString("next_attempt_at")).isNotNull();
      JsonObject attempt = delivery.getJsonArray("attempts").getJsonObject(0);
      assertThat(attempt.getString("error")).isEqualTo("target address not allowed");
      assertThat(attempt.getValue("response_status")).isNull();
      assertThat(receiver.received("/private")).isEmpty();
    }
  }
}
