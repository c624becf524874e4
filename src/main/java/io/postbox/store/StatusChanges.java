package io.postbox.store;

import io.postbox.contract.StatusChange;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The status change of a row read back after a change, with its email object (without params). */
final class StatusChanges {
  private StatusChanges() {
  }

  /** Null when the status did not change. */
  static StatusChange of(String previousStatus, Row row, StatusChange.Cause cause) {
    return of(previousStatus, row, null, cause);
  }

  /** As {@link #of(String, Row, StatusChange.Cause)} with the row's email object already built, when it is. */
  static StatusChange of(String previousStatus, Row row, JsonObject email, StatusChange.Cause cause) {
    String status = row.getString("status");
    if (previousStatus.equals(status)) {
      return null;
    }
    return new StatusChange(row.getLong("id"), row.getLong("user_id"), previousStatus, status, cause,
        email != null ? email : EmailRows.toJson(row, false));
  }
}
