package io.postbox.api;

import io.vertx.core.Future;

/** Counts one authenticated send of a user against the user's per-second limit (SPEC §13). */
interface UserRateLimit {
  Future<Decision> count(long userId, int limit, long nowMillis);

  /** Counts {@code items} sends at once (a batch, SPEC §29; 0 only reads); the window's count after them. */
  Future<Integer> countItems(long userId, long nowMillis, int items);

  static Decision decision(int count, int limit, long nowMillis) {
    long resetSeconds = (1000 - nowMillis % 1000 + 999) / 1000;
    return new Decision(count <= limit, limit, Math.max(0, limit - count), resetSeconds);
  }

  record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
  }
}
