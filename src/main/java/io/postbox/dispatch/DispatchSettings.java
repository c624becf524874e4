package io.postbox.dispatch;

import io.postbox.contract.DefaultFrom;
import io.vertx.core.json.JsonObject;

/** The dispatch module's part of the configuration. */
record DispatchSettings(DefaultFrom defaultFrom, String trackingMode, String configurationSet,
    String configurationSetNoTracking, boolean sandbox) {

  static DispatchSettings from(JsonObject config) {
    JsonObject ses = config.getJsonObject("ses", new JsonObject());
    return new DispatchSettings(
        DefaultFrom.from(config),
        config.getJsonObject("tracking", new JsonObject()).getString("mode", "ses"),
        ses.getString("configurationSet", "postbox-tracking"),
        ses.getString("configurationSetNoTracking", "postbox-no-tracking"),
        config.getJsonObject("sandbox", new JsonObject()).getBoolean("enabled", true));
  }

  /** SPEC §14.1: only {@code ses} mode with tracking on uses the set that records opens. */
  String configurationSetFor(boolean disableTracking) {
    return "ses".equals(trackingMode) && !disableTracking ? configurationSet : configurationSetNoTracking;
  }
}
