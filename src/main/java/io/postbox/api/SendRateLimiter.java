package io.postbox.api;

import io.vertx.core.Future;

/** Counts one authenticated send of a user against the user's per-second limit (SPEC §13). */
interface SendRateLimiter {
  Future<RateLimiter.Decision> count(long userId, int limit, long nowMillis);
}
