package io.postbox.api;

import io.vertx.core.Future;

/** Counts one authenticated send of a user against the user's per-second limit (SPEC §13). */
interface UserRateLimit {
  Future<Decision> count(long userId, int limit, long nowMillis);

  static Decision decision(int count, int limit, long nowMillis) {
    long resetSeconds = (1000 - nowMillis % 1000 + 999) / 1000;
    return new Decision(count <= limit, limit, Math.max(0, limit - count), resetSeconds);
  }

  record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
  }
}
