package io.postbox.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A committed status change of one email (SPEC §19): what the store publishes on
 * {@link PublicEmailApi#STATUS_CHANGED}, as {@link #toJson()}. {@code email} is the email object without params.
 */
public record StatusChange(long emailId, long userId, String previousStatus, String status, Cause cause,
    JsonObject email) {

  /** The event that made the change: its timeline type, its source (api, ses, pixel) and when it happened. */
  public record Cause(String type, String source, Instant occurredAt) {
  }

  /** The public message of {@code postbox.email.status-changed.v1}, field for field. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("email_id", Long.toString(emailId))
        .put("user_id", userId)
        .put("previous_status", previousStatus)
        .put("status", status)
        .put("cause", new JsonObject()
            .put("type", cause.type())
            .put("source", cause.source())
            .put("occurred_at", Timestamps.format(cause.occurredAt())))
        .put("email", email);
  }
}
