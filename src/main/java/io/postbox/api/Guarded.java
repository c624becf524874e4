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

  /** The status and body a route chose; a null body is sent as an empty answer. */
  record Answer(int status, JsonObject body) {
  }

  /** As {@link #read}, with the status (and whether there is a body at all) chosen by the action. */
  void readAnswer(RoutingContext ctx, Function<Caller, Future<Answer>> action) {
    authenticator.authorize(ctx)
        .compose(action)
        .onSuccess(answer -> answer(ctx, answer))
        .onFailure(failure -> HttpResponses.failure(ctx, failure));
  }

  /** As {@link #withBody}, with the status chosen by the action. */
  void withBodyAnswer(RoutingContext ctx, BiFunction<Caller, JsonObject, Future<Answer>> action) {
    HttpServerRequest request = ctx.request();
    request.pause();
    authenticator.authorize(ctx)
        .compose(caller -> JsonBodyReader.read(ctx).compose(body -> action.apply(caller, body)))
        .onSuccess(answer -> answer(ctx, answer))
        .onFailure(failure -> {
          HttpResponses.settleBody(ctx);
          HttpResponses.failure(ctx, failure);
        });
  }

  /**
   * Authenticates, then lets the action write a streamed answer itself. A failure before the first byte is answered
   * with the error envelope; after it the connection is reset, so the client cannot take a cut stream for whole.
   */
  void stream(RoutingContext ctx, Function<Caller, Future<Void>> action) {
    authenticator.authorize(ctx)
        .compose(action)
        .onFailure(failure -> {
          if (ctx.response().headWritten()) {
            ctx.response().reset();
          } else {
            HttpResponses.failure(ctx, failure);
          }
        });
  }

  private static void answer(RoutingContext ctx, Answer answer) {
    if (answer.body() == null) {
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(answer.status()).end();
      }
    } else {
      HttpResponses.json(ctx, answer.status(), answer.body());
    }
  }
}
