package io.postbox.api;

import io.postbox.contract.ApiError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP responses with the error envelope of SPEC §3. */
final class HttpResponses {
  static final String REQUEST_ID = "requestId";
  private static final Logger LOG = LoggerFactory.getLogger(HttpResponses.class);

  private HttpResponses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  /** After an early answer, reads and drops what the client still sends, so the connection stays usable. */
  static void discardRestOfBody(HttpServerRequest request) {
    if (!request.isEnded()) {
      request.handler(ignored -> { });
      request.resume();
    }
  }

  static void error(RoutingContext ctx, ApiError error) {
    json(ctx, error.status(), error.toJson());
  }

  static void failure(RoutingContext ctx, Throwable failure) {
    ApiError error = ApiError.fromFailure(failure);
    if (error != null && error.status() != 500) {
      int retryAfter = ApiError.retryAfterOf(failure);
      if (retryAfter > 0) {
        ctx.response().putHeader("Retry-After", Integer.toString(retryAfter));
      }
      error(ctx, error);
      return;
    }
    String requestId = ctx.get(REQUEST_ID);
    if (failure instanceof ReplyException reply && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      // the module that should answer is not running or not reachable (e.g. a stopped node of the cluster)
      LOG.warn("Request {}: no answer on the event bus ({})", requestId, reply.failureType());
      ctx.response().putHeader("Retry-After", Integer.toString(ApiError.NO_ANSWER_RETRY_AFTER_SECONDS));
      error(ctx, ApiError.serviceUnavailable());
      return;
    } else {
      LOG.error("Request {} failed", requestId, failure);
    }
    error(ctx, ApiError.internal(requestId));
  }
}
