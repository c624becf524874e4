package io.postbox.dispatch;

import io.postbox.contract.EmailStore;
import io.postbox.contract.EmailStore.DueClaim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §30 on a dispatch node: every second, claims the due scheduled emails (under a lease, so that several nodes
 * share them and an email held by a dead node is claimed again once its lease expires) and sends them. A full
 * claim is followed at once by the next one.
 */
final class ScheduledSends {
  static final int DEFAULT_LEASE_SECONDS = 30;
  private static final long POLL_MILLIS = 1000;
  private static final int MAX_CLAIM = 100;
  /** SES's retry budget and a rate-slot wait (SPEC §10) with room to spare: a claim should outlive its SES calls. */
  private static final Duration SES_BUDGET = Duration.ofSeconds(8);
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledSends.class);

  private final Vertx vertx;
  private final EmailStore store;
  private final SendSteps steps;
  private final int leaseSeconds;
  private final int claimLimit;
  private final long leastLeaseLeftNanos;
  private boolean stopped;
  private boolean failing;

  /**
   * {@code maxSendRate}: SES messages per second (SPEC §10), or 0 when nothing limits them (the sandbox); a claim
   * takes no more emails than a second's worth, so that they do not wait past their rate slot.
   */
  ScheduledSends(Vertx vertx, EmailStore store, SendSteps steps, int leaseSeconds, double maxSendRate) {
    this.vertx = vertx;
    this.store = store;
    this.steps = steps;
    this.leaseSeconds = leaseSeconds;
    this.claimLimit = maxSendRate <= 0 ? MAX_CLAIM : (int) Math.max(1, Math.min(MAX_CLAIM, Math.floor(maxSendRate)));
    this.leastLeaseLeftNanos = Math.min(SES_BUDGET.toNanos(), Duration.ofSeconds(leaseSeconds).toNanos() / 2);
  }

  void start() {
    vertx.setTimer(POLL_MILLIS, id -> poll());
  }

  void stop() {
    stopped = true;
  }

  private void poll() {
    if (stopped) {
      return;
    }
    long claimAsked = System.nanoTime();
    store.claimDue(new DueClaim(claimLimit, leaseSeconds))
        .compose(claimed -> {
          long leaseLeft = Duration.ofSeconds(leaseSeconds).toNanos() - (System.nanoTime() - claimAsked);
          if (leaseLeft < leastLeaseLeftNanos) {
            // too little of the lease is left to be sure SES answers before another node may claim these
            LOG.warn("Claimed {} scheduled emails too late to send them; they go out once the lease expires",
                claimed.emails().size());
            return Future.succeededFuture(0);
          }
          return steps.sendDue(claimed.emails()).map(sent -> claimed.emails().size());
        })
        .onComplete(done -> {
          if (done.failed() && !failing) {
            LOG.warn("Claiming scheduled emails failed; retrying every second: {}", done.cause().getMessage());
          }
          failing = done.failed();
          boolean full = done.succeeded() && done.result() == claimLimit;
          if (!stopped) {
            vertx.setTimer(full ? 1 : POLL_MILLIS, id -> poll());
          }
        });
  }
}
