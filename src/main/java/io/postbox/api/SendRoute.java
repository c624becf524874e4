package io.postbox.api;

import io.postbox.bus.Meters;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/transactional/email/send}: steps 1–4 of SPEC §4.3 here, then {@link EmailRequests#send}. */
final class SendRoute {
  static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  private final Authenticator authenticator;
  private final UserRateLimit rateLimit;
  private final SendBodyReader bodyReader = new SendBodyReader();
  private final EmailRequests requests;

  SendRoute(Authenticator authenticator, UserRateLimit rateLimit, EmailRequests requests) {
    this.authenticator = authenticator;
    this.rateLimit = rateLimit;
    this.requests = requests;
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    authenticator.authenticate(request.getHeader("Authorization"))
        .compose(caller -> rateLimit.count(caller.userId(), caller.rateLimit(), System.currentTimeMillis())
            .compose(decision -> countedSend(ctx, caller, decision)))
        .onSuccess(outcome -> {
          Meters.count("postbox_sends_total", "outcome", outcome.replayed() ? "replayed" : "accepted");
          if (outcome.replayed()) {
            ctx.response().putHeader(IDEMPOTENT_REPLAYED, "true");
          }
          HttpResponses.json(ctx, outcome.status(), outcome.body());
        })
        .onFailure(failure -> {
          HttpResponses.settleBody(ctx);
          ApiError error = ApiError.fromFailure(failure);
          Meters.count("postbox_sends_total", "outcome", error == null ? "internal_server" : error.code());
          HttpResponses.failure(ctx, failure);
        });
  }

  /**
   * The key's scope once the request has been counted (every authenticated send counts and answers the rate-limit
   * headers, SPEC §13), then steps 3–4, then the send itself.
   */
  private Future<SendOutcome> countedSend(RoutingContext ctx, Caller caller, UserRateLimit.Decision decision) {
    HttpServerRequest request = ctx.request();
    putRateLimitHeaders(ctx, decision);
    if (!decision.allowed()) {
      Meters.count("postbox_rate_limited_total");
      ctx.response().putHeader("Retry-After", "1");
      return Future.failedFuture(new ApiErrorException(
          new ApiError(429, "rate_limit", "Too many requests. Please try again later.")));
    }
    return Authenticator.allowed(ctx, caller).compose(allowed -> {
      String idempotencyKey = request.getHeader("Idempotency-Key");
      if (idempotencyKey != null && !IdempotencyKeys.isValidSyntax(idempotencyKey)) {
        return Future.failedFuture(new ApiErrorException(IdempotencyKeys.check(idempotencyKey)));
      }
      return bodyReader.read(ctx).compose(body -> requests.send(caller.userId(), caller.test(), body.fields(),
          body.attachments(), idempotencyKey, ctx.get(HttpResponses.REQUEST_ID)));
    });
  }

  static void putRateLimitHeaders(RoutingContext ctx, UserRateLimit.Decision decision) {
    String limit = Integer.toString(decision.limit());
    String remaining = Integer.toString(decision.remaining());
    ctx.response()
        .putHeader("RateLimit-Limit", limit)
        .putHeader("RateLimit-Remaining", remaining)
        .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()))
        .putHeader("X-RateLimit-Limit", limit)
        .putHeader("X-RateLimit-Remaining", remaining);
  }
}
