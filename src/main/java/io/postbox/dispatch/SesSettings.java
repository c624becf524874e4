package io.postbox.dispatch;

import io.vertx.core.json.JsonObject;

/** The settings of SPEC §21.1 that reach SES: {@code aws.region}, {@code aws.sesEndpoint}, {@code ses.maxSendRate}. */
record SesSettings(String region, String endpoint, double maxSendRate) {
  static final double DEFAULT_MAX_SEND_RATE = 14;

  static SesSettings from(JsonObject config) {
    JsonObject aws = config.getJsonObject("aws", new JsonObject());
    JsonObject ses = config.getJsonObject("ses", new JsonObject());
    return new SesSettings(aws.getString("region"), aws.getString("sesEndpoint"),
        ses.getDouble("maxSendRate", DEFAULT_MAX_SEND_RATE));
  }
}
