package io.postbox.api;

import io.vertx.core.Future;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.SharedData;

/**
 * SPEC §13 across every api node: one cluster-wide counter per user in Vert.x shared data (Hazelcast), holding
 * the current UTC second and the count in it ({@code second * 100000 + count}), moved on by compare-and-set so
 * that a new second starts from one without any per-second counter to clean up.
 */
final class ClusterUserRateLimit implements UserRateLimit {
  private static final long SECOND_FACTOR = 100_000;
  private static final int MAX_TRIES = 50;

  private final SharedData sharedData;

  ClusterUserRateLimit(SharedData sharedData) {
    this.sharedData = sharedData;
  }

  @Override
  public Future<Decision> count(long userId, int limit, long nowMillis) {
    long second = nowMillis / 1000;
    return sharedData.getCounter("postbox.rate-limit." + userId)
        .compose(counter -> increment(counter, second, 1, 1))
        .map(count -> UserRateLimit.decision(count, limit, nowMillis));
  }

  @Override
  public Future<Integer> countItems(long userId, long nowMillis, int items) {
    long second = nowMillis / 1000;
    return sharedData.getCounter("postbox.rate-limit." + userId)
        .compose(counter -> increment(counter, second, items, 1));
  }

  private static Future<Integer> increment(Counter counter, long second, int items, int attempt) {
    return counter.get().compose(current -> {
      boolean sameSecond = current / SECOND_FACTOR == second;
      long next = sameSecond ? current + items : second * SECOND_FACTOR + items;
      return counter.compareAndSet(current, next).compose(swapped -> {
        if (swapped) {
          return Future.succeededFuture((int) (next % SECOND_FACTOR));
        }
        return attempt < MAX_TRIES ? increment(counter, second, items, attempt + 1)
            : Future.failedFuture(new IllegalStateException("rate-limit counter too contended"));
      });
    });
  }
}
