package io.postbox.contract;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/** An error of SPEC §3: the HTTP status, the error code and the client-facing message. */
public record ApiError(int status, String code, String message) {
  /** Retry-After of 503 {@code service_unavailable} when the database is out of reach (SPEC §24). */
  public static final int SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 2;
  /** Retry-After of a 503 given because the module that should answer did not (not running, or timed out). */
  public static final int NO_ANSWER_RETRY_AFTER_SECONDS = 5;

  public static ApiError validation(String message) {
    return new ApiError(400, "api_validation", message);
  }

  public static ApiError malformed() {
    return new ApiError(400, "malformed", "Malformed request body");
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  public static ApiError unauthenticated() {
    return new ApiError(401, "unauthenticated", "Missing or invalid API key");
  }

  /** SPEC §24: the database (or the module that should answer) is out of reach for now; with Retry-After. */
  public static ApiError serviceUnavailable() {
    return new ApiError(503, "service_unavailable", "The service is temporarily unavailable. Please retry shortly.");
  }

  public static ApiError internal(String requestId) {
    return new ApiError(500, "internal_server",
        "Internal Server Error. Please reach out to us with tracking ID " + requestId + " for more info.");
  }

  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("message", message);
  }

  /** The {@code Retry-After} seconds a failure asks for, from this JVM or across the bus; 0 for none. */
  public static int retryAfterOf(Throwable failure) {
    if (failure instanceof ApiErrorException e) {
      return e.retryAfterSeconds();
    }
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      try {
        return new JsonObject(reply.getMessage()).getInteger("retry_after", 0);
      } catch (RuntimeException notJson) {
        return 0;
      }
    }
    return 0;
  }

  /** The module asked answered 503 (its database is away) or did not answer at all: worth asking again. */
  public static boolean isUnavailable(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return true;
    }
    ApiError error = fromFailure(failure);
    return error != null && error.status() == 503;
  }

  /** Reads an error back from a bus failure; anything that is not an envelope is null. */
  public static ApiError fromFailure(Throwable failure) {
    if (failure instanceof ApiErrorException e) {
      return e.error();
    }
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      try {
        JsonObject body = new JsonObject(reply.getMessage());
        String code = body.getString("code");
        String message = body.getString("message");
        if (code != null && message != null) {
          return new ApiError(reply.failureCode(), code, message);
        }
      } catch (RuntimeException notJson) {
        return null;
      }
    }
    return null;
  }
}
