package io.postbox.api;

import io.postbox.contract.DefaultFrom;
import io.vertx.core.json.JsonObject;

/** The api's part of the configuration. */
record ApiSettings(int httpPort, String apiKeySecret, DefaultFrom defaultFrom) {
  static ApiSettings from(JsonObject config) {
    return new ApiSettings(
        config.getJsonObject("http", new JsonObject()).getInteger("port", 8080),
        config.getJsonObject("auth", new JsonObject()).getString("apiKeySecret"),
        DefaultFrom.from(config));
  }
}
