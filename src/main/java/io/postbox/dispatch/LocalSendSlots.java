package io.postbox.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.TimeUnit;

/**
 * {@link SendSlots} for one JVM: slots are {@code 1 / maxSendRate} seconds apart, handed out in call order, with
 * no burst beyond the first free slot. A caller whose slot is in the future waits on a Vert.x timer. Every dispatch
 * instance of a node takes its slots from the same limiter ({@link #ofNode}), so the rate is the node's.
 */
final class LocalSendSlots implements SendSlots, Shareable {
  private static final String SHARED_MAP = "postbox.dispatch";

  private final Vertx vertx;
  private final long intervalNanos;
  private long nextFreeNanos;

  LocalSendSlots(Vertx vertx, double maxSendRate) {
    if (!(maxSendRate > 0) || Double.isInfinite(maxSendRate)) {
      throw new IllegalArgumentException("ses.maxSendRate must be a positive number of messages per second, not "
          + maxSendRate);
    }
    this.vertx = vertx;
    this.intervalNanos = Math.max(1, Math.round(TimeUnit.SECONDS.toNanos(1) / maxSendRate));
    this.nextFreeNanos = System.nanoTime();
  }

  /** The one limiter of this Vert.x instance, made by the first dispatch instance that asks for it. */
  static LocalSendSlots ofNode(Vertx vertx, double maxSendRate) {
    return (LocalSendSlots) vertx.sharedData().getLocalMap(SHARED_MAP)
        .computeIfAbsent("localSendSlots", name -> new LocalSendSlots(vertx, maxSendRate));
  }

  @Override
  public Future<Void> acquire(long maxWaitMillis) {
    long waitNanos = reserve(TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxWaitMillis)));
    if (waitNanos < 0) {
      return Future.failedFuture(SesSendException.sendRateExceeded());
    }
    long waitMillis = TimeUnit.NANOSECONDS.toMillis(waitNanos + TimeUnit.MILLISECONDS.toNanos(1) - 1);
    return waitMillis == 0 ? Future.succeededFuture() : vertx.timer(waitMillis, TimeUnit.MILLISECONDS);
  }

  /** Takes the next free slot and returns the wait for it, or -1 (taking nothing) when it is too far away. */
  private synchronized long reserve(long maxWaitNanos) {
    long now = System.nanoTime();
    long slot = Math.max(now, nextFreeNanos);
    long wait = slot - now;
    if (wait > maxWaitNanos) {
      return -1;
    }
    nextFreeNanos = slot + intervalNanos;
    return wait;
  }
}
