package io.postbox.contract;

/** Event-bus addresses. The {@code postbox.email.*} ones are the public API of SPEC §19. */
public final class Addresses {
  public static final String EMAIL_SEND = "postbox.email.send.v1";
  public static final String EMAIL_GET = "postbox.email.get.v1";
  public static final String EMAIL_LIST = "postbox.email.list.v1";
  public static final String EMAIL_STATUS_CHANGED = "postbox.email.status-changed.v1";

  /**
   * Readiness of this node's SQS polling (SPEC §21.3), a local consumer on ingest nodes only:
   * {@code {"sqs": "UP"|"DOWN"|"DISABLED", "last_poll_at": iso|null}}.
   */
  public static final String INGEST_HEALTH = "postbox.internal.ingest.health.v1";

  public static final String STORE_API_KEY_LOOKUP = "postbox.internal.store.api-key.lookup.v1";
  public static final String STORE_USER_GET = "postbox.internal.store.user.get.v1";
  public static final String STORE_PING = "postbox.internal.store.ping.v1";

  /** Webhooks (SPEC §16): the api's CRUD, test and replay requests, and the dispatcher's claim, attempt and purge. */
  public static final String STORE_WEBHOOK_CREATE = "postbox.internal.store.webhooks.create.v1";
  public static final String STORE_WEBHOOK_LIST = "postbox.internal.store.webhooks.list.v1";
  public static final String STORE_WEBHOOK_GET = "postbox.internal.store.webhooks.get.v1";
  public static final String STORE_WEBHOOK_UPDATE = "postbox.internal.store.webhooks.update.v1";
  public static final String STORE_WEBHOOK_DELETE = "postbox.internal.store.webhooks.delete.v1";
  public static final String STORE_WEBHOOK_TEST = "postbox.internal.store.webhooks.test.v1";
  public static final String STORE_WEBHOOK_DELIVERIES = "postbox.internal.store.webhooks.deliveries.v1";
  public static final String STORE_WEBHOOK_REPLAY = "postbox.internal.store.webhooks.replay.v1";
  /** Body {@code {"limit", "lease_ms"}}; replies {@code {"deliveries": [{id, event_id, attempt_count, payload, url, secret}]}}. */
  public static final String STORE_WEBHOOK_CLAIM = "postbox.internal.store.webhooks.claim.v1";
  /** Body {@code {"delivery_id", "attempt": {...}, "status": "succeeded"|"pending"|"failed", "retry_in_ms"}}. */
  public static final String STORE_WEBHOOK_ATTEMPT = "postbox.internal.store.webhooks.attempt.v1";
  /** Body {@code {"retention_days"}}; deletes older deliveries and events. */
  public static final String STORE_WEBHOOK_PURGE = "postbox.internal.store.webhooks.purge.v1";
  /** Published when new deliveries are due (test ping, replay): dispatchers claim at once instead of at the next poll. */
  public static final String WEBHOOKS_WAKE = "postbox.internal.webhooks.wake.v1";

  /** Published when an operator changed users, keys, verified addresses or rate limits. */
  public static final String CACHE_INVALIDATED = "postbox.internal.cache.invalidated.v1";

  private Addresses() {
  }
}
