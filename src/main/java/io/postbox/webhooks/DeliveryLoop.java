package io.postbox.webhooks;

import io.postbox.contract.ApiError;
import io.postbox.bus.Meters;
import io.postbox.contract.Timestamps;
import io.postbox.contract.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due deliveries through the store and makes one attempt for each (SPEC §16): check the target, sign, POST,
 * record the attempt with its outcome and, after a failure, when to try again. {@link #wake()} is called on every
 * poll tick and hint; wake-ups that arrive while a claim is running are folded into one more claim.
 */
final class DeliveryLoop {
  static final String USER_AGENT = "Postbox-Webhooks/1";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
  private static final int MAX_IN_FLIGHT = 64;

  private final Vertx vertx;
  private final DeliveryStore store;
  private final TargetGuard guard;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final Clock clock;
  private final long leaseMillis;
  private final long pollMillis;
  private boolean claiming;
  private boolean wokenWhileClaiming;
  private int inFlight;
  private boolean stopped;

  DeliveryLoop(Vertx vertx, DeliveryStore store, TargetGuard guard, WebhookSender sender, RetrySchedule schedule,
      Clock clock, long leaseMillis, long pollMillis) {
    this.vertx = vertx;
    this.store = store;
    this.guard = guard;
    this.sender = sender;
    this.schedule = schedule;
    this.clock = clock;
    this.leaseMillis = leaseMillis;
    this.pollMillis = pollMillis;
  }

  void wake() {
    if (stopped) {
      return;
    }
    if (claiming) {
      wokenWhileClaiming = true;
      return;
    }
    int room = MAX_IN_FLIGHT - inFlight;
    if (room <= 0) {
      return;
    }
    claiming = true;
    wokenWhileClaiming = false;
    store.claim(room, leaseMillis).onComplete(claimed -> {
      claiming = false;
      if (claimed.failed()) {
        ApiError error = ApiError.fromFailure(claimed.cause());
        if (error == null || error.status() != 503) {
          // a 503 is the database being away: the store logs that outage once (SPEC §24), not once per poll
          LOG.warn("Claiming webhook deliveries failed: {}", claimed.cause().getMessage());
        }
        return;
      }
      JsonArray deliveries = claimed.result();
      deliveries.forEach(delivery -> attempt((JsonObject) delivery));
      if (wokenWhileClaiming || deliveries.size() == room) {
        wake();
      }
    });
  }

  void stop() {
    stopped = true;
  }

  private void attempt(JsonObject delivery) {
    inFlight++;
    int attemptNumber = delivery.getInteger("attempt_count") + 1;
    Instant attemptedAt = clock.instant();
    long started = System.nanoTime();
    String url = delivery.getString("url");
    String payload = delivery.getString("payload");
    String host = WebhookUrls.host(url);
    Future<WebhookSender.Result> sent = host == null
        ? Future.succeededFuture(new WebhookSender.Result(null, "invalid url", null))
        : guard.check(host)
            .compose(address -> sender.post(url, address, headers(delivery, attemptedAt, payload), payload))
            .recover(failure -> Future.succeededFuture(new WebhookSender.Result(null,
                failure instanceof TargetGuard.Refused ? failure.getMessage() : "request failed", null)));
    sent.compose(result -> {
      long durationMs = (System.nanoTime() - started) / 1_000_000;
      long retryIn = result.succeeded() ? -1 : schedule.delayAfter(attemptNumber);
      String status = result.succeeded() ? "succeeded" : retryIn < 0 ? "failed" : "pending";
      JsonObject attempt = new JsonObject()
          .put("attempted_at", Timestamps.format(attemptedAt))
          .put("response_status", result.status())
          .put("duration_ms", durationMs)
          .put("error", result.error())
          .put("response_body", result.body());
      Meters.count("postbox_webhook_attempts_total", "outcome", status);
      LOG.debug("Webhook delivery {} attempt {}: {} {}", delivery.getString("id"), attemptNumber, status,
          result.error() == null ? "" : result.error());
      return store.record(new JsonObject().put("delivery_id", delivery.getString("id")).put("attempt", attempt)
              .put("status", status).put("retry_in_ms", Math.max(retryIn, 0)))
          .onSuccess(recorded -> {
            if ("pending".equals(status) && retryIn < pollMillis) {
              vertx.setTimer(Math.max(1, retryIn), fired -> wake());
            }
          });
    }).onComplete(done -> {
      if (done.failed()) {
        LOG.warn("Recording webhook delivery {} failed: {}", delivery.getString("id"), done.cause().getMessage());
      }
      inFlight--;
      if (inFlight == MAX_IN_FLIGHT - 1) {
        wake();
      }
    });
  }

  private static Map<String, String> headers(JsonObject delivery, Instant attemptedAt, String payload) {
    String id = delivery.getString("event_id");
    long timestamp = attemptedAt.getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", USER_AGENT);
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", WebhookSignature.sign(delivery.getString("secret"), id, timestamp, payload));
    return headers;
  }
}
