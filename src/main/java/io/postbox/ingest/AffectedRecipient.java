package io.postbox.ingest;

import io.vertx.core.json.JsonObject;

/**
 * One timeline entry's worth of an SES event: the recipient as SES wrote it (null for events about the whole
 * email), the §15 details, the type-specific tail of the dedup key, and whether §12 blacklists the recipient.
 */
record AffectedRecipient(String recipientAsReceived, JsonObject details, String dedupExtra, boolean blacklist) {
  static AffectedRecipient wholeEmail(JsonObject details, String dedupExtra) {
    return new AffectedRecipient(null, details, dedupExtra, false);
  }
}
