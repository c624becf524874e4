package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.postbox.contract.EmailStore.ApplyEvents;
import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.StatusChange;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the event messages that arrive while earlier batches run ({@link Gathering}) into one transaction, so
 * that ingestion costs one round of statements per batch instead of per event. A message that makes the batch fail
 * is found and stored as a reject ({@link PoisonIsolation}) while the others commit. Each caller is answered once
 * its messages are committed, as effects or as a reject.
 */
final class EventBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(EventBatcher.class);
  private static final int MAX_EVENTS = 500;
  private static final int MAX_IN_FLIGHT = 2;
  private static final int MAX_ATTEMPTS = 3;
  private static final Set<String> RETRYABLE = Set.of("40P01", "40001");

  private final StatusEvents statusEvents;
  private final Consumer<StatusChange> publishStatusChange;
  private final Gathering<Waiting> pending;
  private final PoisonIsolation<EventMessage> isolation;

  EventBatcher(Vertx vertx, StatusEvents statusEvents, Consumer<StatusChange> publishStatusChange) {
    this.statusEvents = statusEvents;
    this.publishStatusChange = publishStatusChange;
    this.pending = new Gathering<>(vertx.getOrCreateContext(), MAX_EVENTS, MAX_IN_FLIGHT, this::apply);
    this.isolation = new PoisonIsolation<>(this::applyAndPublish, this::reject, PoisonFailures::isPoison);
  }

  /** Completes once the batch's events, or its rejects, are committed. */
  Future<Void> submit(ApplyEvents batch) {
    Promise<Void> done = Promise.promise();
    List<EventMessage> messages = batch.messages();
    int events = 0;
    for (EventMessage message : messages) {
      events += message.events().size();
    }
    pending.add(new Waiting(messages, done), events);
    return done.future();
  }

  private Future<?> apply(List<Waiting> batch) {
    List<EventMessage> messages = new ArrayList<>();
    batch.forEach(waiting -> messages.addAll(waiting.messages()));
    return isolation.apply(messages).onSuccess(failures -> batch.forEach(waiting -> {
      Throwable failure = waiting.messages().stream().map(failures::get).filter(Objects::nonNull).findFirst()
          .orElse(null);
      if (failure == null) {
        waiting.done().complete();
      } else {
        waiting.done().fail(failure);
      }
    }));
  }

  private Future<Void> applyAndPublish(List<EventMessage> messages) {
    BatchOutcomes outcomes = new BatchOutcomes();
    return applyWithRetry(messages, outcomes, 1).map(changes -> {
      outcomes.recordCommitted();
      changes.forEach(publishStatusChange);
      return null;
    });
  }

  private Future<Void> reject(EventMessage message, Throwable failure) {
    return statusEvents.rejectUnstorable(message).onSuccess(stored -> {
      LOG.warn("A {} message could not be applied ({}); it is stored among the ingest rejects as {}",
          message.source(), PoisonFailures.describe(failure), StatusEvents.UNSTORABLE);
      BatchOutcomes outcomes = new BatchOutcomes();
      outcomes.reject(StatusEvents.UNSTORABLE);
      outcomes.recordCommitted();
    });
  }

  private Future<List<StatusChange>> applyWithRetry(List<EventMessage> messages, BatchOutcomes outcomes,
      int attempt) {
    outcomes.clear();
    return statusEvents.apply(messages, outcomes).recover(failure -> {
      boolean retryable = failure instanceof PgException pg && RETRYABLE.contains(pg.getSqlState());
      return retryable && attempt < MAX_ATTEMPTS
          ? applyWithRetry(messages, outcomes, attempt + 1) : Future.failedFuture(failure);
    });
  }

  private record Waiting(List<EventMessage> messages, Promise<Void> done) {
  }
}
