package io.postbox.store;

import io.postbox.contract.BackoffRetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's first connection at start, bounded and retried. Under heavy load the pool's connection timeout can
 * leave its own future uncompleted (Vert.x 5.0.7 logs "Promise already completed" and the start hung for good);
 * each attempt here has a deadline of its own, so a node either reaches its database within the budget or fails to
 * start with a clear message, and never hangs.
 */
final class FirstConnection {
  private static final Logger LOG = LoggerFactory.getLogger(FirstConnection.class);

  private final Vertx vertx;
  private final Duration attemptDeadline;
  private final Duration budget;

  FirstConnection(Vertx vertx, Duration attemptDeadline, Duration budget) {
    this.vertx = vertx;
    this.attemptDeadline = attemptDeadline;
    this.budget = budget;
  }

  Future<Void> await(Pool pool) {
    BackoffRetry retry = new BackoffRetry(vertx, Duration.ofMillis(250), Duration.ofSeconds(5), budget);
    return retry.run(() -> attempt(pool), failure -> true)
        .recover(failure -> Future.failedFuture(new IllegalStateException(
            "PostgreSQL could not be reached within " + budget.toSeconds() + " s: " + failure.getMessage(), failure)));
  }

  private Future<Void> attempt(Pool pool) {
    return pool.getConnection()
        .compose(connection -> connection.close())
        .timeout(attemptDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(failure -> LOG.warn("No connection to PostgreSQL yet ({}); trying again", failure.getMessage()));
  }
}
