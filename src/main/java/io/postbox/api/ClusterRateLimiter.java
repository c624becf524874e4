package io.postbox.api;

import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;

/**
 * SPEC §13 across every api node: one cluster-wide counter per user and UTC second, kept in Vert.x shared data
 * (Hazelcast) and incremented by compare-and-set; entries expire two seconds later.
 */
final class ClusterRateLimiter implements SendRateLimiter {
  private static final long ENTRY_TTL_MILLIS = 2_000;
  private static final int MAX_TRIES = 20;

  private final Future<AsyncMap<String, Integer>> counters;

  ClusterRateLimiter(Future<AsyncMap<String, Integer>> counters) {
    this.counters = counters;
  }

  @Override
  public Future<RateLimiter.Decision> count(long userId, int limit, long nowMillis) {
    String key = userId + ":" + nowMillis / 1000;
    return counters.compose(map -> increment(map, key, 1))
        .map(count -> RateLimiter.decision(count, limit, nowMillis));
  }

  private static Future<Integer> increment(AsyncMap<String, Integer> map, String key, int attempt) {
    return map.putIfAbsent(key, 1, ENTRY_TTL_MILLIS).compose(current -> {
      if (current == null) {
        return Future.succeededFuture(1);
      }
      return map.replaceIfPresent(key, current, current + 1, ENTRY_TTL_MILLIS).compose(replaced -> {
        if (replaced) {
          return Future.succeededFuture(current + 1);
        }
        return attempt < MAX_TRIES ? increment(map, key, attempt + 1)
            : Future.failedFuture(new IllegalStateException("rate-limit counter too contended"));
      });
    });
  }
}
