package io.postbox.api;

import io.vertx.core.json.JsonObject;

/**
 * What a send answers when it does not fail: 201 with the email, or, for an idempotent replay (SPEC §17), the
 * status code and body stored by the first request with the same key (which may be an error), marked replayed.
 */
record SendOutcome(int status, JsonObject body, boolean replayed) {
  static SendOutcome created(JsonObject email) {
    return new SendOutcome(201, email, false);
  }

  boolean succeeded() {
    return status >= 200 && status < 300;
  }
}
