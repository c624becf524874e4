package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gathers the event messages that arrive while earlier batches run ({@link Gathering}) into one transaction, so
 * that ingestion costs one round of statements per batch instead of per event. Each caller is answered after the commit.
 */
final class EventBatcher {
  private static final int MAX_EVENTS = 500;
  private static final int MAX_IN_FLIGHT = 2;
  private static final int MAX_ATTEMPTS = 3;
  private static final Set<String> RETRYABLE = Set.of("40P01", "40001");

  private final StatusEvents statusEvents;
  private final Consumer<JsonObject> publishStatusChange;
  private final Gathering<Waiting> pending;

  EventBatcher(Vertx vertx, StatusEvents statusEvents, Consumer<JsonObject> publishStatusChange) {
    this.statusEvents = statusEvents;
    this.publishStatusChange = publishStatusChange;
    this.pending = new Gathering<>(vertx.getOrCreateContext(), MAX_EVENTS, MAX_IN_FLIGHT, this::apply);
  }

  /** Body {@code {"messages": [...]}}; completes with {@code {}} once its events are committed. */
  Future<JsonObject> submit(JsonObject body) {
    Promise<JsonObject> done = Promise.promise();
    List<JsonObject> messages = new ArrayList<>();
    body.getJsonArray("messages", new JsonArray()).forEach(message -> messages.add((JsonObject) message));
    int events = 0;
    for (JsonObject message : messages) {
      events += message.getJsonArray("events", new JsonArray()).size();
    }
    pending.add(new Waiting(messages, done), events);
    return done.future();
  }

  private Future<?> apply(List<Waiting> batch) {
    List<JsonObject> messages = new ArrayList<>();
    batch.forEach(waiting -> messages.addAll(waiting.messages()));
    BatchOutcomes outcomes = new BatchOutcomes();
    return applyWithRetry(messages, outcomes, 1).onComplete(result -> {
      if (result.succeeded()) {
        outcomes.recordCommitted();
        result.result().forEach(publishStatusChange);
        batch.forEach(waiting -> waiting.done().complete(new JsonObject()));
      } else {
        batch.forEach(waiting -> waiting.done().fail(result.cause()));
      }
    });
  }

  private Future<List<JsonObject>> applyWithRetry(List<JsonObject> messages, BatchOutcomes outcomes, int attempt) {
    outcomes.clear();
    return statusEvents.apply(messages, outcomes).recover(failure -> {
      boolean retryable = failure instanceof PgException pg && RETRYABLE.contains(pg.getSqlState());
      return retryable && attempt < MAX_ATTEMPTS
          ? applyWithRetry(messages, outcomes, attempt + 1) : Future.failedFuture(failure);
    });
  }

  private record Waiting(List<JsonObject> messages, Promise<JsonObject> done) {
  }
}
