package io.postbox.api;

import io.postbox.contract.ControlCharacters;
import io.postbox.contract.Schemas;
import java.util.regex.Pattern;

/**
 * Path parameters of the email and webhook routes (SPEC §5, §15, §16), as the router decoded them. An email id has
 * the form of {@code email_id} in {@code email-get-message.json}, the bus's get request.
 */
final class PathParams {
  static final String EMAIL_ID_MESSAGE = "\"emailId\" must be a number";
  private static final Pattern EMAIL_ID = SchemaRules.of(Schemas.EMAIL_GET_MESSAGE).pattern("email_id");

  private PathParams() {
  }

  /** A positive decimal integer within the signed 64-bit range, digits only (leading zeros allowed). */
  static ApiErrorOr<Long> emailId(String raw) {
    if (raw != null && ControlCharacters.present(raw)) {
      return ApiErrorOr.validationFailure(ControlCharacters.message("emailId"));
    }
    if (raw == null || !EMAIL_ID.matcher(raw).matches()) {
      return ApiErrorOr.validationFailure(EMAIL_ID_MESSAGE);
    }
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException outOfRange) {
      return ApiErrorOr.validationFailure(EMAIL_ID_MESSAGE);
    }
    return id > 0 ? ApiErrorOr.of(id) : ApiErrorOr.validationFailure(EMAIL_ID_MESSAGE);
  }

  /** A webhook id ({@code wh_…}); any other text without control characters is simply not found. */
  static ApiErrorOr<String> webhookId(String raw) {
    return opaqueId("webhookId", raw);
  }

  /** A delivery id ({@code whd_…}); any other text without control characters is simply not found. */
  static ApiErrorOr<String> deliveryId(String raw) {
    return opaqueId("deliveryId", raw);
  }

  private static ApiErrorOr<String> opaqueId(String name, String raw) {
    String text = raw == null ? "" : raw;
    return ControlCharacters.present(text)
        ? ApiErrorOr.validationFailure(ControlCharacters.message(name)) : ApiErrorOr.of(text);
  }
}
