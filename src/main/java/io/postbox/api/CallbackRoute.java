package io.postbox.api;

import io.postbox.contract.Ingest;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * {@code POST /v1/callback/email} (SPEC §11.1, §11.6): SNS deliveries over HTTPS, optionally behind Basic auth,
 * handed to ingest; the answer's status tells SNS whether to retry.
 */
final class CallbackRoute {
  static final long BODY_LIMIT = 10L * 1024 * 1024;
  static final ApiError PAYLOAD_TOO_LARGE = new ApiError(413, "payload_too_large", "Request body is too large");
  private static final ApiError MISSING_CREDENTIALS = new ApiError(401, "unauthenticated", "Missing credentials");
  private static final ApiError WRONG_CREDENTIALS = new ApiError(403, "unauthorized", "Invalid credentials");
  private static final ApiError UNVERIFIED_MESSAGE = new ApiError(403, "unauthorized",
      "The message is neither a verified SNS envelope nor a raw delivery");
  private static final ApiError RAW_DELIVERY_WITHOUT_AUTH = new ApiError(403, "unauthorized",
      "Raw delivery requires Basic authentication");

  private final Ingest ingest;
  private final byte[] expectedAuthorization;

  /** {@code basicAuth} is {@code user:password}, or null for none. */
  CallbackRoute(Ingest ingest, String basicAuth) {
    this.ingest = ingest;
    this.expectedAuthorization = basicAuth == null ? null
        : ("Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String authorization = request.getHeader("Authorization");
    if (expectedAuthorization != null && authorization == null) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Email\"");
      refuse(ctx, MISSING_CREDENTIALS);
      return;
    }
    if (expectedAuthorization != null
        && !MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
      refuse(ctx, WRONG_CREDENTIALS);
      return;
    }
    boolean rawDelivery = "true".equalsIgnoreCase(request.getHeader("x-amz-sns-rawdelivery"));
    if (rawDelivery && expectedAuthorization == null) {
      refuse(ctx, RAW_DELIVERY_WITHOUT_AUTH);
      return;
    }
    request.pause();
    RequestBodies.whole(ctx, BODY_LIMIT, () -> new ApiErrorException(PAYLOAD_TOO_LARGE))
        .compose(body -> ingest.callback(new Ingest.CallbackBody(body.toString(StandardCharsets.UTF_8), rawDelivery)))
        .onSuccess(reply -> answer(ctx, reply.status()))
        // a refused body (413), a database outage (503) or anything else, in the envelope of SPEC §3
        .onFailure(failure -> HttpResponses.failure(ctx, failure));
  }

  private static void answer(RoutingContext ctx, int status) {
    if (status == 403) {
      HttpResponses.error(ctx, UNVERIFIED_MESSAGE);
    } else if (status >= 400) {
      HttpResponses.error(ctx, ApiError.internal(ctx.get(HttpResponses.REQUEST_ID)));
    } else {
      ctx.response().setStatusCode(status).end();
    }
  }

  private static void refuse(RoutingContext ctx, ApiError error) {
    HttpResponses.settleBody(ctx);
    HttpResponses.error(ctx, error);
  }
}
