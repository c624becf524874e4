package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers the commands that arrive while earlier batches run into one statement (group commit, see
 * {@link Gathering}), so that a busy send path costs a few commits per batch rather than one per email. When a
 * batch fails, each of its commands runs alone, so that one bad command fails only its own caller.
 */
final class WriteBatcher<Q, R> {
  private static final int MAX_BATCH = 64;
  private static final int MAX_IN_FLIGHT = 2;

  private final Function<List<Q>, Future<List<R>>> batch;
  private final Function<Q, Future<R>> single;
  private final Gathering<Waiting<Q, R>> pending;

  /** {@code batch} answers one result per command, in the commands' order. */
  WriteBatcher(Vertx vertx, Function<List<Q>, Future<List<R>>> batch,
      Function<Q, Future<R>> single) {
    this.batch = batch;
    this.single = single;
    this.pending = new Gathering<>(vertx.getOrCreateContext(), MAX_BATCH, MAX_IN_FLIGHT, this::write);
  }

  Future<R> submit(Q command) {
    Promise<R> done = Promise.promise();
    pending.add(new Waiting<>(command, done), 1);
    return done.future();
  }

  private Future<?> write(List<Waiting<Q, R>> gathered) {
    if (gathered.size() == 1) {
      return single.apply(gathered.get(0).command()).onComplete(gathered.get(0).done());
    }
    return batch.apply(gathered.stream().map(Waiting::command).toList()).transform(result -> {
      if (result.succeeded()) {
        for (int i = 0; i < gathered.size(); i++) {
          gathered.get(i).done().complete(result.result().get(i));
        }
        return Future.succeededFuture();
      }
      List<Future<R>> alone = new ArrayList<>();
      for (Waiting<Q, R> waiting : gathered) {
        alone.add(single.apply(waiting.command()).onComplete(waiting.done()));
      }
      return Future.join(alone);
    });
  }

  private record Waiting<Q, R>(Q command, Promise<R> done) {
  }
}
