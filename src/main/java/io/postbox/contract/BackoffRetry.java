package io.postbox.contract;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs an asynchronous attempt again, after pauses that double from {@code firstPause} up to {@code maxPause}, while
 * it fails with a failure worth retrying and the next attempt still starts within {@code budget} of the first.
 * Completes with the first success, or with the last failure.
 */
public final class BackoffRetry {
  private final Vertx vertx;
  private final long firstPauseMillis;
  private final long maxPauseMillis;
  private final long budgetMillis;

  public BackoffRetry(Vertx vertx, Duration firstPause, Duration maxPause, Duration budget) {
    this.vertx = vertx;
    this.firstPauseMillis = firstPause.toMillis();
    this.maxPauseMillis = maxPause.toMillis();
    this.budgetMillis = budget.toMillis();
  }

  public <T> Future<T> run(Supplier<Future<T>> attempt, Predicate<Throwable> retryable) {
    return attempt(attempt, retryable, System.nanoTime(), firstPauseMillis);
  }

  private <T> Future<T> attempt(Supplier<Future<T>> attempt, Predicate<Throwable> retryable, long startNanos,
      long pauseMillis) {
    Future<T> result;
    try {
      result = attempt.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.recover(failure -> {
      long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
      if (!retryable.test(failure) || elapsedMillis + pauseMillis > budgetMillis) {
        return Future.failedFuture(failure);
      }
      Promise<T> retried = Promise.promise();
      vertx.setTimer(pauseMillis, fired -> attempt(attempt, retryable, startNanos,
          Math.min(pauseMillis * 2, maxPauseMillis)).onComplete(retried));
      return retried.future();
    });
  }
}
