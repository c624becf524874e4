package io.postbox.store;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects items until their weight reaches a limit or a few milliseconds have passed since the first, then hands
 * them over as one list. Used on one verticle's event loop only, so it needs no locks.
 */
final class Gathering<T> {
  private final Vertx vertx;
  private final int maxWeight;
  private final long maxWaitMillis;
  private final Consumer<List<T>> flush;
  private List<T> items = new ArrayList<>();
  private int weight;
  private long timer = -1;

  Gathering(Vertx vertx, int maxWeight, long maxWaitMillis, Consumer<List<T>> flush) {
    this.vertx = vertx;
    this.maxWeight = maxWeight;
    this.maxWaitMillis = maxWaitMillis;
    this.flush = flush;
  }

  void add(T item, int itemWeight) {
    items.add(item);
    weight += itemWeight;
    if (weight >= maxWeight) {
      flush();
    } else if (timer < 0) {
      timer = vertx.setTimer(maxWaitMillis, fired -> {
        timer = -1;
        flush();
      });
    }
  }

  private void flush() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    List<T> gathered = items;
    items = new ArrayList<>();
    weight = 0;
    if (!gathered.isEmpty()) {
      flush.accept(gathered);
    }
  }
}
