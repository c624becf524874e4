package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.IdempotencyStore;
import io.postbox.contract.IdempotencyStore.Claim;
import io.postbox.contract.IdempotencyStore.Claimed;
import io.postbox.contract.IdempotencyStore.Finish;
import io.postbox.contract.IdempotencyStore.Held;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 8 of SPEC §4.3, the idempotency claim of §17, around the rest of a send: a new key runs the send and
 * stores its final status code and body (success and failure alike), except 503 {@code provider_unavailable},
 * which releases the key; a finished key with the same fingerprint is replayed; a different fingerprint is 422;
 * a key still in flight is 409. The store makes the claim atomic and takes over abandoned (60 s) or expired
 * (24 h) claims.
 */
final class IdempotentSends {
  static final ApiError MISMATCH = new ApiError(422, "idempotency_mismatch",
      "Idempotency-Key was already used with a different request");
  static final ApiError IN_PROGRESS = new ApiError(409, "idempotency_in_progress",
      "A request with this Idempotency-Key is still being processed");
  private static final Logger LOG = LoggerFactory.getLogger(IdempotentSends.class);

  private final IdempotencyStore keys;

  IdempotentSends(IdempotencyStore keys) {
    this.keys = keys;
  }

  /** What a claim reply means for a request with {@code fingerprint}. */
  enum Decision { PROCEED, REPLAY, MISMATCH, IN_PROGRESS }

  static Decision decide(Claimed claim, String fingerprint) {
    if (claim.claimed()) {
      return Decision.PROCEED;
    }
    if (!fingerprint.equals(claim.fingerprint())) {
      return Decision.MISMATCH;
    }
    return "finished".equals(claim.state()) ? Decision.REPLAY : Decision.IN_PROGRESS;
  }

  /** What a failed first request does to its key: store {@code error}, release the key, or leave it in flight. */
  record Ending(Kind kind, ApiError error) {
    enum Kind { STORE, RELEASE, LEAVE_IN_FLIGHT }
  }

  /**
   * 503 {@code provider_unavailable} releases the key (SPEC §17), and so does a send that no dispatcher took
   * (nothing ran; the client is told to try again). A send that timed out on the bus may still be running, and
   * a 503 {@code service_unavailable} may come after SES accepted the message (SPEC §24), so their claim is left
   * in flight: a retry gets 409 until the claim is abandoned after 60 s. Every other failure is stored as the
   * client saw it; anything unexpected as the 500 that HttpResponses or Replies gives.
   */
  static Ending ending(Throwable failure, String requestId) {
    if (failure instanceof ReplyException reply && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return new Ending(reply.failureType() == ReplyFailure.NO_HANDLERS ? Ending.Kind.RELEASE
          : Ending.Kind.LEAVE_IN_FLIGHT, null);
    }
    ApiError error = ApiError.fromFailure(failure);
    if (error != null && error.status() == 503 && "provider_unavailable".equals(error.code())) {
      return new Ending(Ending.Kind.RELEASE, null);
    }
    if (error != null && error.status() == 503 && "service_unavailable".equals(error.code())) {
      // SPEC §24: the database failed, perhaps after SES accepted the message; a retry must not send it again
      return new Ending(Ending.Kind.LEAVE_IN_FLIGHT, null);
    }
    if (error == null || error.status() == 500) {
      error = requestId != null ? ApiError.internal(requestId)
          : new ApiError(500, "internal_server", "Internal Server Error");
    }
    return new Ending(Ending.Kind.STORE, error);
  }

  /**
   * Runs {@code send} under {@code key} for the user. {@code requestId} is the HTTP request id (null on the
   * bus), so that a stored 500 is the very answer the client got.
   */
  Future<SendOutcome> run(long userId, String key, String fingerprint, String requestId,
      Supplier<Future<JsonObject>> send) {
    return run(userId, key, fingerprint, requestId, 201, send);
  }

  /** As above, for a request whose success is {@code successStatus} (200 for a batch, SPEC §29). */
  Future<SendOutcome> run(long userId, String key, String fingerprint, String requestId, int successStatus,
      Supplier<Future<JsonObject>> send) {
    return keys.claim(new Claim(userId, key, fingerprint))
        .compose(claim -> switch (decide(claim, fingerprint)) {
          case PROCEED -> runClaimed(new Held(userId, key, claim.claimId()), requestId, successStatus, send);
          case REPLAY -> Future.succeededFuture(new SendOutcome(claim.responseCode(), claim.responseBody(), true));
          case MISMATCH -> Future.failedFuture(new ApiErrorException(MISMATCH));
          case IN_PROGRESS -> Future.failedFuture(new ApiErrorException(IN_PROGRESS));
        });
  }

  private Future<SendOutcome> runClaimed(Held held, String requestId, int successStatus,
      Supplier<Future<JsonObject>> send) {
    Future<JsonObject> sent;
    try {
      sent = send.get();
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.transform(done -> {
      if (done.succeeded()) {
        return store(held, successStatus, done.result())
            .map(stored -> new SendOutcome(successStatus, done.result(), false));
      }
      Ending ending = ending(done.cause(), requestId);
      Future<Void> recorded = switch (ending.kind()) {
        case STORE -> store(held, ending.error().status(), ending.error().toJson());
        case RELEASE -> release(held);
        case LEAVE_IN_FLIGHT -> Future.succeededFuture();
      };
      return recorded.compose(ignored -> Future.failedFuture(done.cause()));
    });
  }

  /** Never fails: a claim that could not be finished is taken over after 60 s anyway. */
  private Future<Void> store(Held held, int status, JsonObject body) {
    return keys.finish(new Finish(held, status, body))
        .onFailure(failure -> LOG.warn("Could not store the response under an Idempotency-Key: {}",
            failure.getMessage()))
        .otherwiseEmpty();
  }

  private Future<Void> release(Held held) {
    return keys.release(held)
        .onFailure(failure -> LOG.warn("Could not release an Idempotency-Key: {}", failure.getMessage()))
        .otherwiseEmpty();
  }
}
