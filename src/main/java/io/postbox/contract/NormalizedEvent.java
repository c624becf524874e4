package io.postbox.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One SES event or pixel open as the store applies it (SPEC §11.2–§11.4, §14): one per affected recipient.
 * {@code emailId} is the {@code postbox_email_id} tag when present, {@code sesMessageId} null for pixel opens;
 * {@code details} are the timeline details of SPEC §15.
 */
public record NormalizedEvent(String dedupKey, String type, String source, Instant occurredAt, Long emailId,
    String sesMessageId, String recipient, String bounceType, String bounceSubType, String complaintFeedbackType,
    boolean blacklist, boolean machineUserAgent, JsonObject details) {

  public NormalizedEvent {
    details = details == null ? new JsonObject() : details;
  }

  /** A pixel hit on the tracking server (SPEC §14.2): an open of the email with no SES identity. */
  public static NormalizedEvent pixelOpen(String dedupKey, Instant occurredAt, long emailId, boolean machine,
      JsonObject details) {
    return new NormalizedEvent(dedupKey, "open", "pixel", occurredAt, emailId, null, null, null, null, null, false,
        machine, details);
  }

  /** The event as text where it is stored whole: a rejected pixel hit's raw body, the text checks of SPEC §24. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("dedup_key", dedupKey)
        .put("type", type)
        .put("source", source)
        .put("occurred_at", Timestamps.format(occurredAt))
        .put("email_id", emailId == null ? null : Long.toString(emailId))
        .put("ses_message_id", sesMessageId)
        .put("recipient", recipient)
        .put("bounce_type", bounceType)
        .put("bounce_sub_type", bounceSubType)
        .put("complaint_feedback_type", complaintFeedbackType)
        .put("blacklist", blacklist)
        .put("machine_user_agent", machineUserAgent)
        .put("details", details);
  }
}
