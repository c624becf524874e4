package io.postbox.api;

import io.vertx.core.Future;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-user fixed one-second windows aligned to UTC seconds (SPEC §13), shared by the api instances of a node. */
final class LocalUserRateLimit implements UserRateLimit, Shareable {
  private final Map<Long, Window> windows = new ConcurrentHashMap<>();

  @Override
  public Future<Decision> count(long userId, int limit, long nowMillis) {
    long second = nowMillis / 1000;
    Window window = windows.compute(userId, (id, current) ->
        current == null || current.second() != second ? new Window(second, 1) : new Window(second, current.count() + 1));
    if (windows.size() > 100_000) {
      windows.values().removeIf(stale -> stale.second() < second);
    }
    return Future.succeededFuture(UserRateLimit.decision(window.count(), limit, nowMillis));
  }

  @Override
  public Future<Integer> countItems(long userId, long nowMillis, int items) {
    long second = nowMillis / 1000;
    Window window = windows.compute(userId, (id, current) -> current == null || current.second() != second
        ? new Window(second, items) : new Window(second, current.count() + items));
    return Future.succeededFuture(window.count());
  }

  private record Window(long second, int count) {
  }
}
