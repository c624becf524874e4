package io.postbox.api;

import io.postbox.contract.Timestamps;
import io.postbox.contract.WebhookStore.Attempt;
import io.postbox.contract.WebhookStore.Delivery;
import io.postbox.contract.WebhookStore.DeliveryPage;
import io.postbox.contract.WebhookStore.Webhook;
import io.postbox.contract.WebhookStore.WebhookList;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON bodies of SPEC §16: a webhook, a delivery with its attempts, and the lists of them. */
final class WebhookResources {
  private WebhookResources() {
  }

  /** The secret only when the store gave it, that is in the answer to create. */
  static JsonObject of(Webhook webhook) {
    JsonObject json = new JsonObject()
        .put("id", webhook.id())
        .put("url", webhook.url())
        .put("event_types", new JsonArray(webhook.eventTypes()))
        .put("enabled", webhook.enabled())
        .put("description", webhook.description())
        .put("created_at", Timestamps.format(webhook.createdAt()))
        .put("updated_at", Timestamps.format(webhook.updatedAt()));
    if (webhook.secret() != null) {
      json.put("secret", webhook.secret());
    }
    return json;
  }

  static JsonObject of(WebhookList list) {
    JsonArray data = new JsonArray();
    list.data().forEach(webhook -> data.add(of(webhook)));
    return new JsonObject().put("data", data);
  }

  /** Attempts without the response bodies the store keeps. */
  static JsonObject of(Delivery delivery) {
    JsonArray attempts = new JsonArray();
    for (Attempt attempt : delivery.attempts()) {
      attempts.add(new JsonObject()
          .put("attempted_at", Timestamps.format(attempt.attemptedAt()))
          .put("response_status", attempt.responseStatus())
          .put("duration_ms", attempt.durationMs())
          .put("error", attempt.error()));
    }
    return new JsonObject()
        .put("id", delivery.id())
        .put("webhook_id", delivery.webhookId())
        .put("event_id", delivery.eventId())
        .put("event_type", delivery.eventType())
        .put("status", delivery.status().wireName())
        .put("attempt_count", delivery.attemptCount())
        .put("next_attempt_at", Timestamps.format(delivery.nextAttemptAt()))
        .put("created_at", Timestamps.format(delivery.createdAt()))
        .put("updated_at", Timestamps.format(delivery.updatedAt()))
        .put("attempts", attempts);
  }

  static JsonObject of(DeliveryPage page) {
    JsonArray data = new JsonArray();
    page.data().forEach(delivery -> data.add(of(delivery)));
    return new JsonObject().put("has_more", page.hasMore()).put("data", data);
  }
}
