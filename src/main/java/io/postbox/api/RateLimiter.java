package io.postbox.api;

import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-user fixed one-second windows aligned to UTC seconds (SPEC §13), shared by the api instances of a node. */
final class RateLimiter implements Shareable {
  private final Map<Long, Window> windows = new ConcurrentHashMap<>();

  Decision count(long userId, int limit, long nowMillis) {
    long second = nowMillis / 1000;
    Window window = windows.compute(userId, (id, current) ->
        current == null || current.second() != second ? new Window(second, 1) : new Window(second, current.count() + 1));
    if (windows.size() > 100_000) {
      windows.values().removeIf(stale -> stale.second() < second);
    }
    long resetSeconds = (1000 - nowMillis % 1000 + 999) / 1000;
    return new Decision(window.count() <= limit, limit, Math.max(0, limit - window.count()), resetSeconds);
  }

  record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
  }

  private record Window(long second, int count) {
  }
}
