package io.postbox.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.postbox.contract.ApiError;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Decoded query parameters of a request URI; {@code +} decodes to a space, as SPEC §5 expects. */
final class QueryParams {
  static final String MALFORMED_MESSAGE = "Malformed query string";
  private static final int MAX_PARAMS = 1024;

  private QueryParams() {
  }

  /** The parameters, or 400 {@code api_validation} {@code Malformed query string} for an invalid {@code %} escape. */
  static ApiErrorOr<Map<String, List<String>>> of(String uri) {
    try {
      return ApiErrorOr.of(new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, MAX_PARAMS).parameters());
    } catch (IllegalArgumentException badEscape) {
      return ApiErrorOr.failure(malformed());
    }
  }

  /**
   * A route-wide guard: a query with an invalid escape is refused on every route, also where the route reads no
   * parameter, as the router refuses an invalid escape in the path (both before authentication).
   */
  static void refuseMalformed(RoutingContext ctx) {
    if (ctx.request().query() != null && of(ctx.request().uri()).failed()) {
      HttpResponses.settleBody(ctx);
      HttpResponses.error(ctx, malformed());
      return;
    }
    ctx.next();
  }

  static ApiError malformed() {
    return ApiError.validation(MALFORMED_MESSAGE);
  }
}
