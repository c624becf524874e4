package io.postbox.dispatch;

import io.postbox.contract.DefaultFrom;
import io.vertx.core.json.JsonObject;

/** The dispatch module's part of the configuration. */
record DispatchSettings(DefaultFrom defaultFrom, String trackingMode, String configurationSet,
    String configurationSetNoTracking, boolean sandbox, double sandboxTimeScale, String trackingSecret,
    String trackingBaseUrl) {

  static DispatchSettings from(JsonObject config) {
    JsonObject ses = config.getJsonObject("ses", new JsonObject());
    JsonObject tracking = config.getJsonObject("tracking", new JsonObject());
    JsonObject sandbox = config.getJsonObject("sandbox", new JsonObject());
    return new DispatchSettings(
        DefaultFrom.from(config),
        tracking.getString("mode", "ses"),
        ses.getString("configurationSet", "postbox-tracking"),
        ses.getString("configurationSetNoTracking", "postbox-no-tracking"),
        sandbox.getBoolean("enabled", true),
        sandbox.getDouble("timeScale", 1.0),
        tracking.getString("secret"),
        tracking.getString("baseUrl", "http://localhost:8081"));
  }

  boolean pixelMode() {
    return "pixel".equals(trackingMode);
  }

  /** SPEC §14.1: only {@code ses} mode with tracking on uses the set that records opens. */
  String configurationSetFor(boolean disableTracking) {
    return "ses".equals(trackingMode) && !disableTracking ? configurationSet : configurationSetNoTracking;
  }
}
