package io.postbox.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit without a timer: items added during one turn of the event loop leave together at its end, as long
 * as fewer than {@code maxInFlight} batches are running; otherwise they wait for a running batch to finish, so the
 * batches grow with the load and an idle system adds no delay at all. A batch holds at most {@code maxWeight}
 * (or one heavier item). Used on one verticle's event loop only, so it needs no locks.
 */
final class Gathering<T> {
  private final Context context;
  private final int maxWeight;
  private final int maxInFlight;
  private final Function<List<T>, Future<?>> flush;
  private final ArrayDeque<Weighed<T>> waiting = new ArrayDeque<>();
  private int inFlight;
  private boolean flushScheduled;

  /** {@code flush} runs one batch; its future completes when the batch's work is finished either way. */
  Gathering(Context context, int maxWeight, int maxInFlight, Function<List<T>, Future<?>> flush) {
    this.context = context;
    this.maxWeight = maxWeight;
    this.maxInFlight = maxInFlight;
    this.flush = flush;
  }

  void add(T item, int itemWeight) {
    waiting.add(new Weighed<>(item, itemWeight));
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(ignored -> {
        flushScheduled = false;
        flushWhileFree();
      });
    }
  }

  private void flushWhileFree() {
    while (inFlight < maxInFlight && !waiting.isEmpty()) {
      List<T> batch = new ArrayList<>();
      int weight = 0;
      while (!waiting.isEmpty() && (batch.isEmpty() || weight + waiting.peek().weight() <= maxWeight)) {
        Weighed<T> next = waiting.poll();
        batch.add(next.item());
        weight += next.weight();
      }
      inFlight++;
      Future.succeededFuture(batch).compose(flush::apply).onComplete(finished -> {
        inFlight--;
        flushWhileFree();
      });
    }
  }

  private record Weighed<T>(T item, int weight) {
  }
}
