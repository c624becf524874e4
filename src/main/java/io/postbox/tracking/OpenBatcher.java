package io.postbox.tracking;

import io.postbox.bus.Meters;
import io.postbox.contract.ApiError;
import io.postbox.contract.BackoffRetry;
import io.postbox.contract.EmailStore;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.NormalizedEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects open events for at most {@code maxDelayMillis} or {@code maxEvents}, whichever comes first, and hands
 * them to the store in one {@link EmailStore#applyEvents} request, one store message per open so that the
 * store can reject one without the others (SPEC §24). At most {@code maxUnrecorded} opens wait
 * here or in the store at a time: past that, {@link #add} answers only when the store has caught up, so a flood of
 * pixel hits slows its clients down instead of filling the heap. While the store is unavailable a batch is sent
 * again with backoff for up to 10 minutes, as SQS would redeliver it. Used from one event-loop context only.
 */
final class OpenBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(OpenBatcher.class);

  private final Vertx vertx;
  private final EmailStore store;
  private final int maxEvents;
  private final long maxDelayMillis;
  private final int maxUnrecorded;
  private final BackoffRetry redelivery;
  private final ArrayDeque<Promise<Void>> admissions = new ArrayDeque<>();
  private List<EventMessage> pending = new ArrayList<>();
  private int unrecorded;
  private long timerId = -1;

  OpenBatcher(Vertx vertx, EmailStore store, int maxEvents, long maxDelayMillis, int maxUnrecorded) {
    this.vertx = vertx;
    this.store = store;
    this.maxEvents = maxEvents;
    this.maxDelayMillis = maxDelayMillis;
    this.maxUnrecorded = maxUnrecorded;
    this.redelivery = new BackoffRetry(vertx, Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMinutes(10));
  }

  /** Queues {@code event}; completes at once, or once the store has recorded enough earlier opens. */
  Future<Void> add(NormalizedEvent event) {
    Meters.count("postbox_pixel_opens_total", "machine", Boolean.toString(event.machineUserAgent()));
    return queue(EventMessage.withEvents("pixel", null, List.of(event)));
  }

  /** Queues a store message that is a reject, with the opens; completes as {@link #add} does. */
  Future<Void> reject(EventMessage rejectMessage) {
    return queue(rejectMessage);
  }

  private Future<Void> queue(EventMessage message) {
    pending.add(message);
    unrecorded++;
    if (pending.size() >= maxEvents) {
      flush();
    } else if (timerId < 0) {
      timerId = vertx.setTimer(maxDelayMillis, fired -> {
        timerId = -1;
        flush();
      });
    }
    if (admissions.isEmpty() && unrecorded <= maxUnrecorded) {
      return Future.succeededFuture();
    }
    Promise<Void> admitted = Promise.promise();
    admissions.add(admitted);
    return admitted.future();
  }

  /** Sends what is pending; completes when the store answered, and never fails. */
  Future<Void> flush() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    ApplyEvents batch = new ApplyEvents(pending);
    pending = new ArrayList<>();
    List<EventMessage> messages = batch.messages();
    return redelivery.run(() -> store.applyEvents(batch), ApiError::isUnavailable)
        .onFailure(cause -> LOG.warn("Could not record {} pixel opens: {}", messages.size(), cause.getMessage()))
        .onComplete(answered -> recorded(messages.size()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void recorded(int count) {
    unrecorded -= count;
    while (!admissions.isEmpty() && unrecorded - admissions.size() < maxUnrecorded) {
      admissions.poll().complete();
    }
  }
}
