package io.postbox.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.postbox.contract.ApiError;
import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;

/**
 * Requests the HTTP decoder could not read (a broken request line or header, one too long): the statuses Vert.x
 * would give, but with the §3 envelope and a request id; the connection is closed afterwards, as Vert.x does.
 */
final class InvalidRequests {
  static final ApiError MALFORMED = ApiError.validation("Malformed request line or header");
  static final ApiError LINE_TOO_LONG = new ApiError(414, "api_validation", "Request line too long");
  static final ApiError HEADERS_TOO_LARGE = new ApiError(431, "api_validation", "Request headers too large");

  private InvalidRequests() {
  }

  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error = cause instanceof TooLongHttpLineException ? LINE_TOO_LONG
        : cause instanceof TooLongHttpHeaderException ? HEADERS_TOO_LARGE : MALFORMED;
    request.response()
        .setStatusCode(error.status())
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Request-Id", UUID.randomUUID().toString())
        .end(error.toJson().toBuffer())
        .onComplete(written -> request.connection().close());
  }
}
