package io.postbox.api;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * {@code POST /v1/callback/email} (SPEC §11.1, §11.6): SNS deliveries over HTTPS, optionally behind Basic auth,
 * handed to ingest; the answer's status tells SNS whether to retry.
 */
final class CallbackRoute {
  private static final long BODY_LIMIT = 10L * 1024 * 1024;

  private final EventBus bus;
  private final byte[] expectedAuthorization;

  /** {@code basicAuth} is {@code user:password}, or null for none. */
  CallbackRoute(EventBus bus, String basicAuth) {
    this.bus = bus;
    this.expectedAuthorization = basicAuth == null ? null
        : ("Basic " + Base64.getEncoder().encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String authorization = request.getHeader("Authorization");
    if (expectedAuthorization != null && authorization == null) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Email\"").setStatusCode(401).end();
      return;
    }
    if (expectedAuthorization != null
        && !MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    boolean rawDelivery = "true".equalsIgnoreCase(request.getHeader("x-amz-sns-rawdelivery"));
    if (rawDelivery && expectedAuthorization == null) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    readBody(request)
        .compose(body -> bus.<JsonObject>request(Addresses.INGEST_CALLBACK,
            new JsonObject().put("body", body.toString(StandardCharsets.UTF_8)).put("raw_delivery", rawDelivery)))
        .onSuccess(reply -> ctx.response().setStatusCode(reply.body().getInteger("status", 500)).end())
        .onFailure(failure -> {
          ApiError error = ApiError.fromFailure(failure);
          if (error != null && error.status() == 503) {
            HttpResponses.failure(ctx, failure);
          } else {
            ctx.response().setStatusCode(500).end();
          }
        });
  }

  private static Future<Buffer> readBody(HttpServerRequest request) {
    return request.body().compose(body -> body.length() > BODY_LIMIT
        ? Future.failedFuture(new IllegalArgumentException("callback body too large")) : Future.succeededFuture(body));
  }
}
