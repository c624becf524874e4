package io.postbox.api;

import io.postbox.bus.Meters;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/transactional/email/batch} (SPEC §29): authenticate, check the key's scope (§28), read the body, count its items against the
 * rate limit (a window spent before the batch refuses it whole), then {@link EmailRequests#sendBatch}.
 */
final class BatchRoute {
  static final int MAX_ITEMS = 100;
  static final long BODY_LIMIT = 10L * 1024 * 1024;
  static final ApiError ITEM_COUNT = ApiError.validation("\"emails\" must contain 1 to " + MAX_ITEMS + " items");

  private final Authenticator authenticator;
  private final UserRateLimit rateLimit;
  private final EmailRequests requests;

  BatchRoute(Authenticator authenticator, UserRateLimit rateLimit, EmailRequests requests) {
    this.authenticator = authenticator;
    this.rateLimit = rateLimit;
    this.requests = requests;
  }

  void handle(RoutingContext ctx) {
    ctx.request().pause();
    authenticator.authenticate(ctx.request().getHeader("Authorization"))
        .compose(caller -> Authenticator.allowed(ctx, caller))
        .compose(caller -> RequestBodies.whole(ctx, BODY_LIMIT, () -> new ApiErrorException(ITEM_COUNT))
            .compose(body -> counted(ctx, caller, parse(body))))
        .onSuccess(outcome -> {
          Meters.count("postbox_sends_total", "outcome", outcome.replayed() ? "replayed" : "batch");
          if (outcome.replayed()) {
            ctx.response().putHeader(SendRoute.IDEMPOTENT_REPLAYED, "true");
          }
          HttpResponses.json(ctx, outcome.status(), outcome.body());
        })
        .onFailure(failure -> {
          HttpResponses.settleBody(ctx);
          HttpResponses.failure(ctx, failure);
        });
  }

  private Future<SendOutcome> counted(RoutingContext ctx, Caller caller, ApiErrorOr<JsonArray> items) {
    int itemCount = items.failed() ? 0 : items.value().size();
    long now = System.currentTimeMillis();
    return rateLimit.countItems(caller.userId(), now, itemCount).compose(countAfter -> {
      int limit = caller.rateLimit();
      int countBefore = countAfter - itemCount;
      UserRateLimit.Decision decision = UserRateLimit.decision(countAfter, limit, now);
      SendRoute.putRateLimitHeaders(ctx, decision);
      if (countBefore >= limit) {
        Meters.count("postbox_rate_limited_total");
        ctx.response().putHeader("Retry-After", "1");
        return Future.failedFuture(new ApiErrorException(EmailRequests.RATE_LIMITED));
      }
      String idempotencyKey = ctx.request().getHeader("Idempotency-Key");
      if (idempotencyKey != null && !IdempotencyKeys.isValidSyntax(idempotencyKey)) {
        return Future.failedFuture(new ApiErrorException(IdempotencyKeys.check(idempotencyKey)));
      }
      if (items.failed()) {
        return Future.failedFuture(new ApiErrorException(items.error()));
      }
      return requests.sendBatch(caller.userId(), caller.test(), items.value(), limit - countBefore, idempotencyKey,
          ctx.get(HttpResponses.REQUEST_ID));
    });
  }

  /** The {@code emails} array of a JSON body, 1 to 100 items; other keys are not allowed. */
  static ApiErrorOr<JsonArray> parse(Buffer body) {
    String text = Utf8Text.decode(body).orElse(null);
    if (text == null) {
      return ApiErrorOr.failure(ApiError.malformed());
    }
    JsonObject fields;
    try {
      fields = text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (DecodeException | ClassCastException notAnObject) {
      return ApiErrorOr.failure(ApiError.malformed());
    }
    if (!(fields.getValue("emails") instanceof JsonArray emails) || emails.isEmpty() || emails.size() > MAX_ITEMS) {
      return ApiErrorOr.failure(ITEM_COUNT);
    }
    for (String key : fields.fieldNames()) {
      if (!"emails".equals(key)) {
        return ApiErrorOr.failure(ApiError.validation("\"" + key + "\" is not allowed"));
      }
    }
    return ApiErrorOr.of(emails);
  }
}
