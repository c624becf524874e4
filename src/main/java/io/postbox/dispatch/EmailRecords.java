package io.postbox.dispatch;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.BackoffRetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** The store's email commands, asked over the event bus. */
class EmailRecords {
  /** SPEC §24: how long an acceptance that SES already took is retried before the send answers 503. */
  static final Duration ACCEPTANCE_BUDGET = Duration.ofSeconds(10);
  private static final DeliveryOptions ACCEPTANCE_ATTEMPT = new DeliveryOptions().setSendTimeout(6_000);

  private final EventBus bus;
  private final BackoffRetry acceptanceRetry;

  EmailRecords(Vertx vertx) {
    this(vertx, ACCEPTANCE_BUDGET);
  }

  EmailRecords(Vertx vertx, Duration acceptanceBudget) {
    this.bus = vertx.eventBus();
    this.acceptanceRetry = new BackoffRetry(vertx, Duration.ofMillis(100), Duration.ofSeconds(1), acceptanceBudget);
  }

  Future<JsonObject> create(JsonObject command) {
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_CREATE, command).map(Message::body);
  }

  /**
   * Commits an acceptance, retrying while the store is unavailable (the acceptance is idempotent: the rank rule
   * keeps the first one); past the budget fails with 503 {@code service_unavailable}.
   */
  Future<JsonObject> accepted(JsonObject command) {
    return acceptanceRetry.run(() -> acceptOnce(command), ApiError::isUnavailable)
        .recover(failure -> Future.failedFuture(ApiError.isUnavailable(failure) ? new ApiErrorException(
            ApiError.serviceUnavailable(), ApiError.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) : failure));
  }

  private Future<JsonObject> acceptOnce(JsonObject command) {
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_ACCEPTED, command, ACCEPTANCE_ATTEMPT).map(Message::body);
  }

  Future<JsonObject> sendFailed(JsonObject command) {
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_SEND_FAILED, command).map(Message::body);
  }

}
