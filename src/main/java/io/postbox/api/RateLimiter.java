package io.postbox.api;

import io.vertx.core.Future;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-user fixed one-second windows aligned to UTC seconds (SPEC §13), shared by the api instances of a node. */
final class RateLimiter implements SendRateLimiter, Shareable {
  private final Map<Long, Window> windows = new ConcurrentHashMap<>();

  @Override
  public Future<Decision> count(long userId, int limit, long nowMillis) {
    long second = nowMillis / 1000;
    Window window = windows.compute(userId, (id, current) ->
        current == null || current.second() != second ? new Window(second, 1) : new Window(second, current.count() + 1));
    if (windows.size() > 100_000) {
      windows.values().removeIf(stale -> stale.second() < second);
    }
    return Future.succeededFuture(decision(window.count(), limit, nowMillis));
  }

  static Decision decision(int count, int limit, long nowMillis) {
    long resetSeconds = (1000 - nowMillis % 1000 + 999) / 1000;
    return new Decision(count <= limit, limit, Math.max(0, limit - count), resetSeconds);
  }

  record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
  }

  private record Window(long second, int count) {
  }
}
