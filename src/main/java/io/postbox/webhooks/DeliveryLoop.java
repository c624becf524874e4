package io.postbox.webhooks;

import io.postbox.bus.Meters;
import io.postbox.contract.ApiError;
import io.postbox.contract.WebhookStore.Attempt;
import io.postbox.contract.WebhookStore.AttemptMade;
import io.postbox.contract.WebhookStore.Claim;
import io.postbox.contract.WebhookStore.DeliveryStatus;
import io.postbox.contract.WebhookStore.DueDelivery;
import io.postbox.contract.WebhookStore;
import io.postbox.contract.WebhookTargets.Host;
import io.postbox.contract.WebhookTargets.Refusal;
import io.postbox.contract.WebhookTargets;
import io.postbox.contract.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final WebhookStore store;
  private final WebhookTargets guard;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final Clock clock;
  private final long leaseMillis;
  private final long pollMillis;
  private boolean claiming;
  private boolean wokenWhileClaiming;
  private int inFlight;
  private boolean stopped;

  DeliveryLoop(Vertx vertx, WebhookStore store, WebhookTargets guard, WebhookSender sender, RetrySchedule schedule,
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
    store.claim(new Claim(room, leaseMillis)).onComplete(claimed -> {
      claiming = false;
      if (claimed.failed()) {
        ApiError error = ApiError.fromFailure(claimed.cause());
        if (error == null || error.status() != 503) {
          // a 503 is the database being away: the store logs that outage once (SPEC §24), not once per poll
          LOG.warn("Claiming webhook deliveries failed: {}", claimed.cause().getMessage());
        }
        return;
      }
      List<DueDelivery> deliveries = claimed.result().deliveries();
      deliveries.forEach(this::attempt);
      if (wokenWhileClaiming || deliveries.size() == room) {
        wake();
      }
    });
  }

  void stop() {
    stopped = true;
  }

  private void attempt(DueDelivery delivery) {
    inFlight++;
    int attemptNumber = delivery.attemptCount() + 1;
    Instant attemptedAt = clock.instant();
    long started = System.nanoTime();
    String url = delivery.url();
    String payload = delivery.payload();
    String host = WebhookUrls.host(url);
    Future<WebhookSender.Result> sent = host == null
        ? Future.succeededFuture(new WebhookSender.Result(null, "invalid url", null))
        : guard.check(new Host(host))
            .compose(target -> target.refusal() != null
                ? Future.succeededFuture(new WebhookSender.Result(null, attemptError(target.refusal()), null))
                : sender.post(url, target.address(), headers(delivery, attemptedAt, payload), payload))
            .recover(failure -> Future.succeededFuture(new WebhookSender.Result(null, "request failed", null)));
    sent.compose(result -> {
      long durationMs = (System.nanoTime() - started) / 1_000_000;
      long retryIn = result.succeeded() ? -1 : schedule.delayAfter(attemptNumber);
      DeliveryStatus status = result.succeeded() ? DeliveryStatus.SUCCEEDED
          : retryIn < 0 ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
      Attempt attempt = new Attempt(attemptedAt, result.status(), durationMs, result.error(), result.body());
      Meters.count("postbox_webhook_attempts_total", "outcome", status.wireName());
      LOG.debug("Webhook delivery {} attempt {}: {} {}", delivery.id(), attemptNumber,
          status.wireName(), result.error() == null ? "" : result.error());
      return store.attempt(new AttemptMade(delivery.id(), attempt, status, Math.max(retryIn, 0)))
          .onSuccess(recorded -> {
            if (status == DeliveryStatus.PENDING && retryIn < pollMillis) {
              vertx.setTimer(Math.max(1, retryIn), fired -> wake());
            }
          });
    }).onComplete(done -> {
      if (done.failed()) {
        LOG.warn("Recording webhook delivery {} failed: {}", delivery.id(), done.cause().getMessage());
      }
      inFlight--;
      if (inFlight == MAX_IN_FLIGHT - 1) {
        wake();
      }
    });
  }

  private static String attemptError(Refusal refusal) {
    return switch (refusal) {
      case UNRESOLVED -> "could not resolve host";
      case PRIVATE -> "target address not allowed";
    };
  }

  private static Map<String, String> headers(DueDelivery delivery, Instant attemptedAt, String payload) {
    String id = delivery.eventId();
    long timestamp = attemptedAt.getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", USER_AGENT);
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", WebhookSignature.sign(delivery.secret(), id, timestamp, payload));
    return headers;
  }
}
