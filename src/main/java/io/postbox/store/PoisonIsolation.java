package io.postbox.store;

import io.vertx.core.Future;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Applies a batch of ingest messages so that one bad message cannot take the others down (SPEC §24). When the
 * batch fails because of its data ({@code isPoison}), it is split in halves and each half applied on its own,
 * down to the message at fault, which is handed to {@code reject} instead; the others are applied as if it were
 * absent. A failure that is not the data's fault fails the messages of the part that met it.
 */
final class PoisonIsolation<M> {
  private final Function<List<M>, Future<Void>> applyBatch;
  private final BiFunction<M, Throwable, Future<Void>> reject;
  private final Predicate<Throwable> isPoison;

  /**
   * {@code applyBatch} applies messages in one transaction; {@code reject} stores one message that cannot be
   * applied (with the failure that showed it) in a transaction of its own.
   */
  PoisonIsolation(Function<List<M>, Future<Void>> applyBatch,
      BiFunction<M, Throwable, Future<Void>> reject, Predicate<Throwable> isPoison) {
    this.applyBatch = applyBatch;
    this.reject = reject;
    this.isPoison = isPoison;
  }

  /**
   * Never fails; completes with the failure of each message (by identity) that was neither applied nor rejected.
   * The messages absent from it are committed, as effects or as a reject.
   */
  Future<Map<M, Throwable>> apply(List<M> messages) {
    Map<M, Throwable> failures = new IdentityHashMap<>();
    return apply(messages, failures).map(failures);
  }

  private Future<Void> apply(List<M> messages, Map<M, Throwable> failures) {
    return Future.succeededFuture(messages).compose(applyBatch).recover(failure -> {
      if (!isPoison.test(failure)) {
        messages.forEach(message -> failures.put(message, failure));
        return Future.succeededFuture();
      }
      if (messages.size() == 1) {
        M culprit = messages.get(0);
        return Future.succeededFuture(culprit).compose(message -> reject.apply(message, failure))
            .recover(rejectFailure -> {
              failures.put(culprit, rejectFailure);
              return Future.succeededFuture();
            });
      }
      int half = messages.size() / 2;
      return apply(messages.subList(0, half), failures)
          .compose(firstHalf -> apply(messages.subList(half, messages.size()), failures));
    });
  }
}
