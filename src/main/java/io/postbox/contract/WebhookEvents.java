package io.postbox.contract;

import java.util.List;
import java.util.Map;

/** Webhook event types of SPEC §16 and the status that raises each one. */
public final class WebhookEvents {
  public static final String TEST = "webhook.test";
  public static final List<String> TYPES = List.of(
      "email.accepted", "email.sent", "email.delivered", "email.opened", "email.bounced", "email.complained");
  private static final Map<String, String> BY_STATUS = Map.of(
      "ACCEPTED", "email.accepted",
      "SENT", "email.sent",
      "DELIVERED", "email.delivered",
      "OPENED", "email.opened",
      "BOUNCED", "email.bounced",
      "COMPLAINT", "email.complained");

  private WebhookEvents() {
  }

  /** The event type for a new status; null for UNSENT. */
  public static String forStatus(String status) {
    return BY_STATUS.get(status);
  }
}
