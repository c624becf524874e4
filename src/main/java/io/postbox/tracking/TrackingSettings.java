package io.postbox.tracking;

import io.postbox.contract.PixelTokens;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.Function;

/** The tracking module's part of the configuration (SPEC §21.1). */
record TrackingSettings(int port, String mode, String secret, boolean trustForwardedFor) {

  static TrackingSettings from(JsonObject config) {
    JsonObject tracking = config.getJsonObject("tracking", new JsonObject());
    TrackingSettings settings = new TrackingSettings(
        tracking.getInteger("port", 8081),
        tracking.getString("mode", "ses"),
        tracking.getString("secret"),
        tracking.getBoolean("trustForwardedFor", false));
    if ("pixel".equals(settings.mode()) && secretBytes(settings.secret()) < PixelTokens.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("tracking.secret must be at least 32 bytes long in pixel mode");
    }
    return settings;
  }

  /**
   * Reads email ids out of tokens. Without a secret (possible in {@code ses} mode) no token can be genuine;
   * with one, tokens of emails sent earlier in pixel mode keep counting after a switch to {@code ses}.
   */
  Function<String, OptionalLong> tokenReader() {
    if (secret == null || secret.isEmpty()) {
      return token -> OptionalLong.empty();
    }
    return new PixelTokens(secret)::emailIdOf;
  }

  private static int secretBytes(String secret) {
    return secret == null ? 0 : secret.getBytes(StandardCharsets.UTF_8).length;
  }
}
