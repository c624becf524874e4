package io.postbox.tracking;

import io.postbox.contract.MachineOpens;
import io.postbox.contract.Timestamps;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/** Builds the normalized {@code open} event of a pixel hit (SPEC §11.4, §14.2, §14.3). */
final class OpenEvents {
  private static final HexFormat HEX = HexFormat.of();

  private final MachineOpens machineOpens;
  private final SecureRandom random = new SecureRandom();

  OpenEvents(MachineOpens machineOpens) {
    this.machineOpens = machineOpens;
  }

  JsonObject pixelOpen(long emailId, String userAgent, String ipAddress, long epochMillis) {
    boolean machine = machineOpens.isMachineUserAgent(userAgent);
    JsonObject details = new JsonObject()
        .put("user_agent", userAgent)
        .put("ip_address", ipAddress)
        .put("machine", machine)
        .put("machine_reason", machine ? "user_agent" : null);
    return new JsonObject()
        .put("dedup_key", randomDedupKey())
        .put("type", "open")
        .put("source", "pixel")
        .put("occurred_at", Timestamps.format(Instant.ofEpochMilli(epochMillis)))
        .put("email_id", Long.toString(emailId))
        .put("ses_message_id", null)
        .put("recipient", null)
        .put("bounce_type", null)
        .put("bounce_sub_type", null)
        .put("complaint_feedback_type", null)
        .put("blacklist", false)
        .put("machine_user_agent", machine)
        .put("details", details);
  }

  /** Pixel opens have no natural identity, so every hit is its own timeline entry. */
  private String randomDedupKey() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }
}
