package io.postbox.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** The email id postbox put in the SES tag {@code postbox_email_id} (SPEC §10, §11.3). */
final class EmailIdTag {
  static final String TAG = "postbox_email_id";
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

  private EmailIdTag() {
  }

  /** The id as a canonical decimal string, or null when the tag is absent or not a positive signed 64-bit number. */
  static String of(JsonObject mail) {
    if (!(mail.getValue("tags") instanceof JsonObject tags) || !(tags.getValue(TAG) instanceof JsonArray values)
        || values.isEmpty() || !(values.getValue(0) instanceof String first) || !DIGITS.matcher(first).matches()) {
      return null;
    }
    try {
      long id = Long.parseLong(first);
      return id > 0 ? Long.toString(id) : null;
    } catch (NumberFormatException beyondSigned64Bits) {
      return null;
    }
  }
}
