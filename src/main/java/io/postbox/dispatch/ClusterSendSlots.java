package io.postbox.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Counter;

/**
 * {@code ses.maxSendRate} across every dispatch node: fixed one-second windows counted in one cluster-wide counter
 * ({@code second * 100000 + count}, moved on by compare-and-set). A caller whose window is full waits for the next
 * second, as long as that is within its maximum wait; fractional rates round down, to at least one per second.
 */
final class ClusterSendSlots implements SendSlots {
  private static final long SECOND_FACTOR = 100_000;
  private static final int MAX_TRIES = 50;

  private final Vertx vertx;
  private final long perSecond;

  ClusterSendSlots(Vertx vertx, double maxSendRate) {
    if (!(maxSendRate > 0)) {
      throw new IllegalArgumentException("ses.maxSendRate must be positive");
    }
    this.vertx = vertx;
    this.perSecond = Math.max(1, (long) Math.floor(maxSendRate));
  }

  @Override
  public Future<Void> acquire(long maxWaitMillis) {
    long deadline = System.currentTimeMillis() + maxWaitMillis;
    return vertx.sharedData().getCounter("postbox.ses-send-rate").compose(counter -> take(counter, deadline, 1));
  }

  private Future<Void> take(Counter counter, long deadline, int attempt) {
    long now = System.currentTimeMillis();
    long second = now / 1000;
    return counter.get().compose(current -> {
      long count = current / SECOND_FACTOR == second ? current % SECOND_FACTOR : 0;
      if (count >= perSecond) {
        long nextSecond = (second + 1) * 1000;
        if (nextSecond > deadline) {
          return Future.failedFuture(SesSendException.sendRateExceeded());
        }
        Promise<Void> waited = Promise.promise();
        vertx.setTimer(Math.max(1, nextSecond - now), fired -> waited.complete());
        return waited.future().compose(ignored -> take(counter, deadline, attempt));
      }
      return counter.compareAndSet(current, second * SECOND_FACTOR + count + 1).compose(swapped -> {
        if (swapped) {
          return Future.succeededFuture();
        }
        return attempt < MAX_TRIES ? take(counter, deadline, attempt + 1)
            : Future.failedFuture(SesSendException.sendRateExceeded());
      });
    });
  }
}
