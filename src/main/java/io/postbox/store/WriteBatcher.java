package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers the commands that arrive within a couple of milliseconds into one statement (group commit), so that a
 * busy send path costs a few commits per batch rather than one per email. When a batch fails, each of its
 * commands runs alone, so that one bad command fails only its own caller.
 */
final class WriteBatcher {
  private static final int MAX_BATCH = 64;
  private static final long MAX_WAIT_MILLIS = 2;

  private final Vertx vertx;
  private final Function<List<JsonObject>, Future<List<JsonObject>>> batch;
  private final Function<JsonObject, Future<JsonObject>> single;
  private List<JsonObject> commands = new ArrayList<>();
  private List<Promise<JsonObject>> waiting = new ArrayList<>();
  private long timer = -1;

  /** {@code batch} answers one result per command, in the commands' order. */
  WriteBatcher(Vertx vertx, Function<List<JsonObject>, Future<List<JsonObject>>> batch,
      Function<JsonObject, Future<JsonObject>> single) {
    this.vertx = vertx;
    this.batch = batch;
    this.single = single;
  }

  Future<JsonObject> submit(JsonObject command) {
    Promise<JsonObject> done = Promise.promise();
    commands.add(command);
    waiting.add(done);
    if (commands.size() >= MAX_BATCH) {
      flush();
    } else if (timer < 0) {
      timer = vertx.setTimer(MAX_WAIT_MILLIS, fired -> {
        timer = -1;
        flush();
      });
    }
    return done.future();
  }

  private void flush() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    List<JsonObject> batchCommands = commands;
    List<Promise<JsonObject>> batchWaiting = waiting;
    commands = new ArrayList<>();
    waiting = new ArrayList<>();
    if (batchCommands.size() == 1) {
      single.apply(batchCommands.get(0)).onComplete(batchWaiting.get(0));
      return;
    }
    batch.apply(batchCommands).onComplete(result -> {
      if (result.succeeded()) {
        for (int i = 0; i < batchWaiting.size(); i++) {
          batchWaiting.get(i).complete(result.result().get(i));
        }
      } else {
        for (int i = 0; i < batchCommands.size(); i++) {
          single.apply(batchCommands.get(i)).onComplete(batchWaiting.get(i));
        }
      }
    });
  }
}
