package io.postbox.api;

import io.postbox.contract.ApiError;
import io.vertx.core.json.JsonObject;

/**
 * Outcome of {@link SendRequestValidator}: either the first {@link ApiError}, or the normalised
 * request with keys {@code recipient, subject, body, from, reply_to, classification, tag, cc, bcc,
 * disable_tracking, metadata}, all present. {@code attachmentsNotAsFiles} is true when the request carried an
 * {@code attachments} field, which is refused at step 6 with 400 {@code attachment_format}.
 */
record ValidatedSend(ApiError error, JsonObject request, boolean attachmentsNotAsFiles) {

  public static ValidatedSend failure(ApiError error) {
    return new ValidatedSend(error, null, false);
  }

  public static ValidatedSend valid(JsonObject request, boolean attachmentsNotAsFiles) {
    return new ValidatedSend(null, request, attachmentsNotAsFiles);
  }

  public boolean failed() {
    return error != null;
  }
}
