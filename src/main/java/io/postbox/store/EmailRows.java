package io.postbox.store;

import io.postbox.contract.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Arrays;

/** Column list and row-to-JSON mapping of the email object (SPEC §4.4), in its key order. */
final class EmailRows {
  static final String COLUMNS = columns("e.params");

  /** The column list with {@code paramsExpression} for {@code params} (a list page leaves some rows' params out). */
  static String columns(String paramsExpression) {
    return """
      e.id, e.user_id, e.from_address, e.recipient, %s AS params, e.attachments_metadata, e.status, e.error_code,
      e.error_sub_type, e.accepted_at, e.sent_at, e.delivered_at, e.opened_at, e.bounced_at, e.complained_at,
      e.created_at, e.updated_at, e.classification, e.tag, e.disable_tracking, e.test, e.scheduled_at,
      ARRAY(SELECT c.address FROM email_cc c
            WHERE c.email_id = e.id AND c.cc_type = 'CC' AND c.error_code IS NULL ORDER BY c.address) AS cc,
      ARRAY(SELECT c.address FROM email_cc c
            WHERE c.email_id = e.id AND c.cc_type = 'BCC' AND c.error_code IS NULL ORDER BY c.address) AS bcc,
      e.metadata, e.redacted_at"""
        .formatted(paramsExpression);
  }

  private EmailRows() {
  }

  static JsonObject toJson(Row row, boolean withParams) {
    JsonObject email = new JsonObject()
        .put("id", Long.toString(row.getLong("id")))
        .put("from", row.getString("from_address"))
        .put("recipient", row.getString("recipient"));
    if (withParams) {
      email.put("params", row.getJsonObject("params"));
    }
    return email
        .put("attachments_metadata", (JsonArray) row.getValue("attachments_metadata"))
        .put("status", row.getString("status"))
        .put("error_code", row.getString("error_code"))
        .put("error_sub_type", row.getString("error_sub_type"))
        .put("accepted_at", Timestamps.format(row.getOffsetDateTime("accepted_at")))
        .put("sent_at", Timestamps.format(row.getOffsetDateTime("sent_at")))
        .put("delivered_at", Timestamps.format(row.getOffsetDateTime("delivered_at")))
        .put("opened_at", Timestamps.format(row.getOffsetDateTime("opened_at")))
        .put("bounced_at", Timestamps.format(row.getOffsetDateTime("bounced_at")))
        .put("complained_at", Timestamps.format(row.getOffsetDateTime("complained_at")))
        .put("created_at", Timestamps.format(row.getOffsetDateTime("created_at")))
        .put("updated_at", Timestamps.format(row.getOffsetDateTime("updated_at")))
        .put("classification", row.getString("classification"))
        .put("tag", row.getString("tag"))
        .put("cc", new JsonArray(Arrays.asList(row.getArrayOfStrings("cc"))))
        .put("bcc", new JsonArray(Arrays.asList(row.getArrayOfStrings("bcc"))))
        .put("disable_tracking", row.getBoolean("disable_tracking"))
        .put("test", row.getBoolean("test"))
        .put("metadata", row.getValue("metadata") instanceof JsonObject metadata ? metadata : new JsonObject())
        .put("scheduled_at", Timestamps.format(row.getOffsetDateTime("scheduled_at")))
        .put("redacted_at", Timestamps.format(row.getOffsetDateTime("redacted_at")));
  }
}
