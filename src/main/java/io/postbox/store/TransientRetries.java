package io.postbox.store;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a store handler for SPEC §24: a transient database failure that is safe to repeat (nothing was committed) is
 * tried again a few times with a short backoff inside a small budget; one that remains becomes 503
 * {@code service_unavailable} with {@code Retry-After: 2}, never 500. While the database is unreachable, one call
 * per probe interval goes to it and the others are answered 503 at once, rather than each waiting in the pool's queue
 * for a connection that cannot be made. Feeds the outage log. Used on one verticle's event loop.
 */
final class TransientRetries {
  private static final long[] BACKOFF_MILLIS = {20, 80, 200};
  private static final long BUDGET_MILLIS = 1000;
  private static final long PROBE_INTERVAL_NANOS = 200_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(TransientRetries.class);

  private final Vertx vertx;
  private boolean unreachable;
  private long lastAnsweredStartNanos = System.nanoTime();
  private long nextProbeNanos;

  TransientRetries(Vertx vertx) {
    this.vertx = vertx;
  }

  <Q, R> Function<Q, Future<R>> around(Function<Q, Future<R>> handler) {
    return command -> {
      long startNanos = System.nanoTime();
      if (unreachable) {
        if (startNanos - nextProbeNanos < 0) {
          return Future.failedFuture(unavailable());
        }
        nextProbeNanos = startNanos + PROBE_INTERVAL_NANOS;
      }
      return attempt(handler, command, 0, startNanos);
    };
  }

  private <Q, R> Future<R> attempt(Function<Q, Future<R>> handler, Q command, int retriesDone, long startNanos) {
    Future<R> result;
    try {
      result = handler.apply(command);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.transform(done -> {
      if (done.succeeded()) {
        unreachable = false;
        if (startNanos - lastAnsweredStartNanos > 0) {
          lastAnsweredStartNanos = startNanos;
        }
        DatabaseOutage.answered(startNanos);
        return Future.succeededFuture(done.result());
      }
      Throwable failure = done.cause();
      if (!DatabaseFaults.isTransient(failure)) {
        return Future.failedFuture(failure);
      }
      long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
      if (retriesDone < BACKOFF_MILLIS.length && DatabaseFaults.isSafeToRetry(failure)
          && elapsedMillis + BACKOFF_MILLIS[retriesDone] < BUDGET_MILLIS) {
        Promise<R> retried = Promise.promise();
        vertx.setTimer(BACKOFF_MILLIS[retriesDone],
            fired -> attempt(handler, command, retriesDone + 1, startNanos).onComplete(retried));
        return retried.future();
      }
      // a call that began before a later one succeeded says nothing new about the database
      boolean stale = startNanos - lastAnsweredStartNanos < 0;
      if (DatabaseFaults.isOutage(failure) && !stale) {
        if (!unreachable) {
          unreachable = true;
          nextProbeNanos = System.nanoTime() + PROBE_INTERVAL_NANOS;
        }
        DatabaseOutage.failed(failure);
      } else if (!DatabaseFaults.isOutage(failure)) {
        LOG.warn("A database statement gave up ({}); answered 503", DatabaseFaults.describe(failure));
      }
      return Future.failedFuture(unavailable());
    });
  }

  static ApiErrorException unavailable() {
    return new ApiErrorException(ApiError.serviceUnavailable(), ApiError.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS);
  }
}
