package io.postbox.api;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
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

  private final EventBus bus;

  IdempotentSends(EventBus bus) {
    this.bus = bus;
  }

  /** What a claim reply means for a request with {@code fingerprint}. */
  enum Decision { PROCEED, REPLAY, MISMATCH, IN_PROGRESS }

  static Decision decide(JsonObject claim, String fingerprint) {
    if (claim.getBoolean("claimed", false)) {
      return Decision.PROCEED;
    }
    if (!fingerprint.equals(claim.getString("fingerprint"))) {
      return Decision.MISMATCH;
    }
    return "finished".equals(claim.getString("state")) ? Decision.REPLAY : Decision.IN_PROGRESS;
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
    JsonObject claimRequest = new JsonObject().put("user_id", userId).put("key", key).put("fingerprint", fingerprint);
    return bus.<JsonObject>request(Addresses.STORE_IDEMPOTENCY_CLAIM, claimRequest).map(Message::body)
        .compose(claim -> switch (decide(claim, fingerprint)) {
          case PROCEED -> runClaimed(claimRequest.put("claim_id", claim.getString("claim_id")), requestId, send);
          case REPLAY -> Future.succeededFuture(new SendOutcome(claim.getInteger("response_code"),
              claim.getJsonObject("response_body"), true));
          case MISMATCH -> Future.failedFuture(new ApiErrorException(MISMATCH));
          case IN_PROGRESS -> Future.failedFuture(new ApiErrorException(IN_PROGRESS));
        });
  }

  private Future<SendOutcome> runClaimed(JsonObject claim, String requestId, Supplier<Future<JsonObject>> send) {
    JsonObject held = new JsonObject().put("user_id", claim.getLong("user_id")).put("key", claim.getString("key"))
        .put("claim_id", claim.getString("claim_id"));
    Future<JsonObject> sent;
    try {
      sent = send.get();
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.transform(done -> {
      if (done.succeeded()) {
        return store(held, 201, done.result()).map(stored -> SendOutcome.created(done.result()));
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
  private Future<Void> store(JsonObject held, int status, JsonObject body) {
    JsonObject finish = held.copy().put("response_code", status).put("response_body", body);
    return bus.request(Addresses.STORE_IDEMPOTENCY_FINISH, finish)
        .onFailure(failure -> LOG.warn("Could not store the response under an Idempotency-Key: {}",
            failure.getMessage()))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Void> release(JsonObject held) {
    return bus.request(Addresses.STORE_IDEMPOTENCY_RELEASE, held)
        .onFailure(failure -> LOG.warn("Could not release an Idempotency-Key: {}", failure.getMessage()))
        .<Void>mapEmpty().otherwiseEmpty();
  }
}
