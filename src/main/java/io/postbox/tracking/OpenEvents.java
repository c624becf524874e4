package io.postbox.tracking;

import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.EventText;
import io.postbox.contract.MachineOpens;
import io.postbox.contract.NormalizedEvent;
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

  NormalizedEvent pixelOpen(long emailId, String userAgent, String ipAddress, long epochMillis) {
    boolean machine = machineOpens.isMachineUserAgent(userAgent);
    JsonObject details = new JsonObject()
        .put("user_agent", userAgent)
        .put("ip_address", ipAddress)
        .put("machine", machine)
        .put("machine_reason", machine ? "user_agent" : null);
    return NormalizedEvent.pixelOpen(randomDedupKey(), Instant.ofEpochMilli(epochMillis), emailId, machine, details);
  }

  /**
   * The store message of a hit whose user agent or client address holds characters that cannot be stored
   * (SPEC §24): a reject, with what the hit carried as its raw body.
   */
  static EventMessage rejectedHit(long emailId, String userAgent, String ipAddress, long epochMillis) {
    String hit = new JsonObject()
        .put("email_id", Long.toString(emailId))
        .put("user_agent", userAgent)
        .put("ip_address", ipAddress)
        .put("at", Timestamps.format(Instant.ofEpochMilli(epochMillis)))
        .encode();
    return EventMessage.reject("pixel", hit, EventText.INVALID_CHARACTERS);
  }

  /** Pixel opens have no natural identity, so every hit is its own timeline entry. */
  private String randomDedupKey() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }
}
