package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Reads a small JSON object body (webhook routes): empty is {@code {}}; anything else unparseable is malformed. */
final class JsonBodyReader {
  static final int LIMIT = 1_048_576;

  private JsonBodyReader() {
  }

  /** The request must be paused; this reads it to the end. */
  static Future<JsonObject> read(HttpServerRequest request) {
    Promise<JsonObject> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    request.handler(chunk -> {
      tooLarge[0] |= body.length() + chunk.length() > LIMIT;
      if (!tooLarge[0]) {
        body.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(failure -> promise.tryFail(malformed()));
    request.endHandler(end -> {
      if (tooLarge[0]) {
        promise.tryFail(malformed());
        return;
      }
      if (body.toString().isBlank()) {
        promise.tryComplete(new JsonObject());
        return;
      }
      try {
        promise.tryComplete(new JsonObject(body));
      } catch (DecodeException | ClassCastException notAnObject) {
        promise.tryFail(malformed());
      }
    });
    request.resume();
    return promise.future();
  }

  private static ApiErrorException malformed() {
    return new ApiErrorException(ApiError.malformed());
  }
}
