package io.postbox.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/** The user-agent half of SPEC §14.3; the timing half needs the email's creation time and is the store's. */
public final class MachineOpens {
  public static final List<String> DEFAULT_MARKERS = List.of("GoogleImageProxy", "YahooMailProxy", "ggpht.com",
      "Mimecast", "Barracuda", "Proofpoint", "bot", "crawler", "spider", "preview");

  private final List<String> markers;

  public MachineOpens(List<String> markers) {
    this.markers = markers.stream().map(marker -> marker.toLowerCase(Locale.ROOT)).toList();
  }

  public static MachineOpens from(JsonObject config) {
    JsonArray configured = config.getJsonObject("tracking", new JsonObject()).getJsonArray("machineUserAgents");
    if (configured == null) {
      return new MachineOpens(DEFAULT_MARKERS);
    }
    return new MachineOpens(configured.stream().map(String::valueOf).toList());
  }

  public boolean isMachineUserAgent(String userAgent) {
    if (userAgent == null || userAgent.isBlank() || userAgent.trim().equals("Mozilla/5.0")) {
      return true;
    }
    String lower = userAgent.toLowerCase(Locale.ROOT);
    for (String marker : markers) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
