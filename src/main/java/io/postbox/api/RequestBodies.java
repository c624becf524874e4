package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Reads request bodies as they stream in and never past a limit (SPEC §24): the bytes are counted as they arrive,
 * and once the limit or the content is refused nothing more is read and the connection closes after the answer.
 */
final class RequestBodies {
  private RequestBodies() {
  }

  /** Receives a body chunk by chunk; may throw {@link ApiErrorException} to refuse it. */
  interface Sink<T> {
    void chunk(Buffer chunk);

    T end();
  }

  /** The whole body, up to {@code limit} bytes; {@code tooLarge} beyond. The request must be paused. */
  static Future<Buffer> whole(RoutingContext ctx, long limit, Supplier<ApiErrorException> tooLarge) {
    Buffer body = Buffer.buffer();
    return stream(ctx, limit, tooLarge, new Sink<>() {
      @Override
      public void chunk(Buffer chunk) {
        body.appendBuffer(chunk);
      }

      @Override
      public Buffer end() {
        return body;
      }
    });
  }

  /** Streams the body into {@code sink}, up to {@code limit} bytes. The request must be paused. */
  static <T> Future<T> stream(RoutingContext ctx, long limit, Supplier<ApiErrorException> tooLarge, Sink<T> sink) {
    HttpServerRequest request = ctx.request();
    long declared = HttpResponses.declaredLength(request);
    if (declared > limit) {
      HttpResponses.refuseRestOfBody(ctx);
      return Future.failedFuture(tooLarge.get());
    }
    Promise<T> promise = Promise.promise();
    long[] received = {0};
    request.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      received[0] += chunk.length();
      try {
        if (received[0] > limit) {
          throw tooLarge.get();
        }
        sink.chunk(chunk);
      } catch (ApiErrorException refused) {
        HttpResponses.refuseRestOfBody(ctx);
        promise.tryFail(refused);
      }
    });
    request.exceptionHandler(failure -> promise.tryFail(new ApiErrorException(ApiError.malformed())));
    request.endHandler(end -> {
      if (promise.future().isComplete()) {
        return;
      }
      try {
        promise.tryComplete(sink.end());
      } catch (ApiErrorException refused) {
        promise.tryFail(refused);
      }
    });
    request.resume();
    return promise.future();
  }
}
