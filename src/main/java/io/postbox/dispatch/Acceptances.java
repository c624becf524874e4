package io.postbox.dispatch;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.BackoffRetry;
import io.postbox.contract.EmailStore;
import io.postbox.contract.EmailStore.Acceptance;
import io.postbox.contract.EmailStore.Accepted;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/** The acceptance of SPEC §24 around the store's: retried while the store is unavailable, within a budget. */
class Acceptances {
  /** SPEC §24: how long an acceptance that SES already took is retried before the send answers 503. */
  static final Duration ACCEPTANCE_BUDGET = Duration.ofSeconds(10);

  private final EmailStore store;
  private final BackoffRetry acceptanceRetry;

  Acceptances(Vertx vertx, EmailStore store) {
    this(vertx, store, ACCEPTANCE_BUDGET);
  }

  Acceptances(Vertx vertx, EmailStore store, Duration acceptanceBudget) {
    this.store = store;
    this.acceptanceRetry = new BackoffRetry(vertx, Duration.ofMillis(100), Duration.ofSeconds(1), acceptanceBudget);
  }

  /**
   * Commits an acceptance, retrying while the store is unavailable (the acceptance is idempotent: the rank rule
   * keeps the first one); past the budget fails with 503 {@code service_unavailable}.
   */
  Future<Accepted> commit(Acceptance acceptance) {
    return acceptanceRetry.run(() -> store.accepted(acceptance), ApiError::isUnavailable)
        .recover(Acceptances::unavailableAfterBudget);
  }

  /** {@link #commit} for the accepted emails of a batch send, in one transaction. */
  Future<List<Accepted>> commitMany(List<Acceptance> acceptances) {
    if (acceptances.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return acceptanceRetry.run(() -> store.acceptedMany(new EmailStore.AcceptanceBatch(acceptances)),
            ApiError::isUnavailable)
        .map(EmailStore.AcceptedEmails::accepted)
        .recover(Acceptances::unavailableAfterBudget);
  }

  private static <T> Future<T> unavailableAfterBudget(Throwable failure) {
    return Future.failedFuture(ApiError.isUnavailable(failure) ? new ApiErrorException(
        ApiError.serviceUnavailable(), ApiError.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) : failure);
  }
}
