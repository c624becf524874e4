package io.postbox.contract;

import java.util.Map;

/** The webhook event type each status raises (SPEC §16); webhook-create.json lists the types a webhook may ask for. */
public final class WebhookEvents {
  public static final String TEST = "webhook.test";
  /** An entry added to a user's suppression list automatically (SPEC §27). */
  public static final String SUPPRESSION_CREATED = "suppression.created";
  private static final Map<String, String> BY_STATUS = Map.of(
      "SCHEDULED", "email.scheduled",
      "CANCELLED", "email.cancelled",
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
