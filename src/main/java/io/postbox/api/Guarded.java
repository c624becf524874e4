package io.postbox.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Routes behind an API key: authenticate, act, answer JSON or the error envelope. */
final class Guarded {
  private final Authenticator authenticator;

  Guarded(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  void read(RoutingContext ctx, Function<Caller, Future<JsonObject>> action) {
    authenticator.authorize(ctx)
        .compose(action)
        .onSuccess(body -> HttpResponses.json(ctx, 200, body))
        .onFailure(failure -> HttpResponses.failure(ctx, failure));
  }

  /** Authenticates, then reads a small JSON body, then acts; answers {@code status}. */
  void withBody(RoutingContext ctx, int status, BiFunction<Caller, JsonObject, Future<JsonObject>> action) {
    HttpServerRequest request = ctx.request();
    request.pause();
    authenticator.authorize(ctx)
        .compose(caller -> JsonBodyReader.read(ctx).compose(body -> action.apply(caller, body)))
        .onSuccess(body -> HttpResponses.json(ctx, status, body))
        .onFailure(failure -> {
          HttpResponses.settleBody(ctx);
          HttpResponses.failure(ctx, failure);
        });
  }
}
