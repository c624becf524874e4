package io.postbox.api;

import io.postbox.contract.ApiError;
import io.vertx.core.Future;
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
  private static final String CLOSE_AFTER_ANSWER = "closeAfterAnswer";
  private static final long DISCARDED_BODY_LIMIT = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(HttpResponses.class);

  private HttpResponses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    boolean close = Boolean.TRUE.equals(ctx.get(CLOSE_AFTER_ANSWER));
    if (close) {
      response.putHeader("Connection", "close");
    }
    Future<Void> written = response.setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.toBuffer());
    if (close) {
      written.onComplete(done -> ctx.request().connection().close());
    }
  }

  /** Stops reading the body: nothing more is read, and the connection closes once the answer is written. */
  static void refuseRestOfBody(RoutingContext ctx) {
    ctx.request().pause();
    ctx.put(CLOSE_AFTER_ANSWER, true);
  }

  /**
   * Before an answer given while the body may still be arriving: a small declared rest is read and dropped so that
   * the connection stays usable; a large or unknown one is not read, and the connection closes after the answer.
   */
  static void settleBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded() || Boolean.TRUE.equals(ctx.get(CLOSE_AFTER_ANSWER))) {
      return;
    }
    long declared = declaredLength(request);
    if (declared >= 0 && declared <= DISCARDED_BODY_LIMIT) {
      request.handler(ignored -> { });
      request.resume();
    } else {
      refuseRestOfBody(ctx);
    }
  }

  /** The {@code Content-Length} the client declared, or -1 when it gave none (chunked) or an unreadable one. */
  static long declaredLength(HttpServerRequest request) {
    String declared = request.getHeader("Content-Length");
    if (declared == null || !declared.matches("\\d{1,18}")) {
      return -1;
    }
    return Long.parseLong(declared);
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
