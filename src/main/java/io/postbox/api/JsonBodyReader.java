package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a small JSON object body (webhook routes): empty is {@code {}}; anything else unparseable is malformed. */
final class JsonBodyReader {
  static final int LIMIT = 1_048_576;

  private JsonBodyReader() {
  }

  /** The request must be paused; this reads it to the end, or refuses the rest once it passes the limit. */
  static Future<JsonObject> read(RoutingContext ctx) {
    return RequestBodies.whole(ctx, LIMIT, JsonBodyReader::malformed).map(body -> {
      String text = Utf8Text.decode(body).orElseThrow(JsonBodyReader::malformed);
      if (text.isBlank()) {
        return new JsonObject();
      }
      try {
        return new JsonObject(text);
      } catch (DecodeException | ClassCastException notAnObject) {
        throw malformed();
      }
    });
  }

  private static ApiErrorException malformed() {
    return new ApiErrorException(ApiError.malformed());
  }
}
