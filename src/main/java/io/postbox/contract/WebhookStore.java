package io.postbox.contract;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The webhooks of SPEC §16 as the store keeps them: the api's endpoints, test pings, delivery log and replays, and
 * the delivery loops' claim of due deliveries, record of each attempt, and purge of old ones.
 */
public interface WebhookStore {
  Endpoint<NewWebhook, Webhook> CREATE = new Endpoint<>("postbox.internal.store.webhooks.create.v1",
      NewWebhook.class, Webhook.class);
  Endpoint<UserWebhooks, WebhookList> LIST = new Endpoint<>("postbox.internal.store.webhooks.list.v1",
      UserWebhooks.class, WebhookList.class);
  Endpoint<WebhookRef, Webhook> GET = new Endpoint<>("postbox.internal.store.webhooks.get.v1",
      WebhookRef.class, Webhook.class);
  Endpoint<WebhookUpdate, Webhook> UPDATE = new Endpoint<>("postbox.internal.store.webhooks.update.v1",
      WebhookUpdate.class, Webhook.class);
  Endpoint<WebhookRef, Void> DELETE = new Endpoint<>("postbox.internal.store.webhooks.delete.v1",
      WebhookRef.class, Void.class);
  Endpoint<WebhookRef, Delivery> TEST = new Endpoint<>("postbox.internal.store.webhooks.test.v1",
      WebhookRef.class, Delivery.class);
  Endpoint<DeliveriesQuery, DeliveryPage> DELIVERIES = new Endpoint<>(
      "postbox.internal.store.webhooks.deliveries.v1", DeliveriesQuery.class, DeliveryPage.class);
  Endpoint<Replay, Delivery> REPLAY = new Endpoint<>("postbox.internal.store.webhooks.replay.v1",
      Replay.class, Delivery.class);
  Endpoint<Claim, DueDeliveries> CLAIM = new Endpoint<>("postbox.internal.store.webhooks.claim.v1",
      Claim.class, DueDeliveries.class);
  Endpoint<AttemptMade, Void> ATTEMPT = new Endpoint<>("postbox.internal.store.webhooks.attempt.v1",
      AttemptMade.class, Void.class);
  Endpoint<Purge, Purged> PURGE = new Endpoint<>("postbox.internal.store.webhooks.purge.v1",
      Purge.class, Purged.class);
  List<Endpoint<?, ?>> ENDPOINTS = List.of(CREATE, LIST, GET, UPDATE, DELETE, TEST, DELIVERIES, REPLAY, CLAIM,
      ATTEMPT, PURGE);

  /** Published when new deliveries are due (test ping, replay): delivery loops claim at once, not at the next poll. */
  Topic<Wake> WAKE = new Topic<>("postbox.internal.webhooks.wake.v1", Wake.class);
  List<Topic<?>> TOPICS = List.of(WAKE);

  /** Fails 400 when the user has {@code maxPerUser} webhooks already, 401 when the user is gone. */
  Future<Webhook> create(NewWebhook webhook);

  /** Newest first. */
  Future<WebhookList> list(UserWebhooks query);

  /** This and every method on one webhook fails 404 when the user has no such webhook. */
  Future<Webhook> get(WebhookRef ref);

  /** Disabling fails the webhook's pending deliveries. */
  Future<Webhook> update(WebhookUpdate update);

  Future<Void> delete(WebhookRef ref);

  /** A {@code webhook.test} delivery, also for a disabled webhook. */
  Future<Delivery> test(WebhookRef ref);

  /** Newest first. */
  Future<DeliveryPage> deliveries(DeliveriesQuery query);

  /** A new pending delivery of the same event (same webhook-id and payload); 404 for an unknown delivery. */
  Future<Delivery> replay(Replay replay);

  /** Due deliveries no other delivery loop holds, leased to the caller for {@code leaseMillis}. */
  Future<DueDeliveries> claim(Claim claim);

  /** Records an attempt; a delivery that was failed meanwhile (webhook disabled) keeps its status. */
  Future<Void> attempt(AttemptMade attempt);

  /** Deletes deliveries and events older than the retention. */
  Future<Purged> purge(Purge purge);

  enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED;

    /** As SPEC §16 and the database spell it. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus ofWireName(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  record UserWebhooks(long userId) {
  }

  record WebhookRef(long userId, String webhookId) {
  }

  /** {@code description} may be null. */
  record NewWebhook(long userId, String url, List<String> eventTypes, boolean enabled, String description,
      String secret, int maxPerUser) {
  }

  /** Null fields stay as they are, except {@code description}, which changes when {@code descriptionChanged}. */
  record WebhookUpdate(WebhookRef ref, String url, List<String> eventTypes, Boolean enabled,
      boolean descriptionChanged, String description) {
  }

  /** {@code secret} only in the answer to create. */
  record Webhook(String id, String url, List<String> eventTypes, boolean enabled, String description,
      Instant createdAt, Instant updatedAt, String secret) {
  }

  record WebhookList(List<Webhook> data) {
  }

  /** {@code status} null for any. */
  record DeliveriesQuery(WebhookRef ref, DeliveryStatus status, int limit, long offset) {
  }

  record Replay(WebhookRef ref, String deliveryId) {
  }

  record Delivery(String id, String webhookId, String eventId, String eventType, DeliveryStatus status,
      int attemptCount, Instant nextAttemptAt, Instant createdAt, Instant updatedAt, List<Attempt> attempts) {
  }

  record DeliveryPage(boolean hasMore, List<Delivery> data) {
  }

  /**
   * One attempt: {@code responseStatus} null when no response arrived, {@code error} null on a 2xx,
   * {@code responseBody} the first bytes of the response (kept, not shown by the API).
   */
  record Attempt(Instant attemptedAt, Integer responseStatus, Long durationMs, String error, String responseBody) {
  }

  record Claim(int limit, long leaseMillis) {
  }

  /** What one attempt needs: {@code attemptCount} attempts were made before. */
  record DueDelivery(String id, String eventId, int attemptCount, String payload, String url, String secret) {
  }

  record DueDeliveries(List<DueDelivery> deliveries) {
  }

  /** {@code retryInMillis} is when to try again, for a {@link DeliveryStatus#PENDING} outcome. */
  record AttemptMade(String deliveryId, Attempt attempt, DeliveryStatus status, long retryInMillis) {
  }

  record Purge(int retentionDays) {
  }

  record Purged(int deliveries, int events) {
  }

  record Wake(String deliveryId) {
  }
}
