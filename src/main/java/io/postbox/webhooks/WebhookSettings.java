package io.postbox.webhooks;

import io.vertx.core.json.JsonObject;

/**
 * The webhooks part of the configuration: {@code webhooks.allowPrivateTargets} (false), {@code webhooks.timeoutMs}
 * (10000), and {@code webhooks.retryScale} (1.0; tests shrink the retry schedule with it).
 */
record WebhookSettings(boolean allowPrivateTargets, long timeoutMs, double retryScale) {
  static final long POLL_MILLIS = 1000;
  static final long PURGE_MILLIS = 3_600_000;
  static final int RETENTION_DAYS = 30;

  static WebhookSettings from(JsonObject config) {
    JsonObject webhooks = config.getJsonObject("webhooks", new JsonObject());
    return new WebhookSettings(webhooks.getBoolean("allowPrivateTargets", false),
        webhooks.getNumber("timeoutMs", 10_000).longValue(), webhooks.getNumber("retryScale", 1.0).doubleValue());
  }

  /** How long a claimed delivery stays invisible to other delivery loops: the attempt's deadline plus a margin. */
  long leaseMillis() {
    return timeoutMs + 30_000;
  }
}
