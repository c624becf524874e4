package io.postbox.bus;

import io.postbox.contract.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a request handler into an event-bus consumer that replies, or fails with the error envelope. */
public final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private Replies() {
  }

  static <Q, R> Handler<Message<Q>> handler(Function<Q, Future<R>> handler) {
    return message -> {
      Future<R> result;
      try {
        result = handler.apply(message.body());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(done -> {
        if (done.succeeded()) {
          message.reply(done.result());
        } else {
          fail(message, done.cause());
        }
      });
    };
  }

  public static void fail(Message<?> message, Throwable cause) {
    ApiError error = ApiError.fromFailure(cause);
    int retryAfter = ApiError.retryAfterOf(cause);
    if (error == null && cause instanceof ReplyException reply
        && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      // the module this one asked is not running or did not answer in time (SPEC §24)
      LOG.warn("No answer on the event bus behind {} ({})", message.address(), reply.failureType());
      error = ApiError.serviceUnavailable();
      retryAfter = ApiError.NO_ANSWER_RETRY_AFTER_SECONDS;
    }
    if (error == null) {
      LOG.error("Unexpected failure on {}", message.address(), cause);
      error = new ApiError(500, "internal_server", "Internal Server Error");
    }
    JsonObject envelope = error.toJson();
    if (retryAfter > 0) {
      envelope.put("retry_after", retryAfter);
    }
    message.fail(error.status(), envelope.encode());
  }
}
