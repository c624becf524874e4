package io.postbox.store;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The {@code postbox.email.status-changed.v1} message (SPEC §19) for a row read back after a change. */
final class StatusChanges {
  private StatusChanges() {
  }

  /** Null when the status did not change. */
  static JsonObject of(String previousStatus, Row row, String causeType, String causeSource, String occurredAt) {
    if (previousStatus.equals(row.getString("status"))) {
      return null;
    }
    JsonObject email = EmailRows.toJson(row, false);
    return new JsonObject()
        .put("email_id", email.getString("id"))
        .put("user_id", row.getLong("user_id"))
        .put("previous_status", previousStatus)
        .put("status", email.getString("status"))
        .put("cause", new JsonObject().put("type", causeType).put("source", causeSource).put("occurred_at", occurredAt))
        .put("email", email);
  }
}
