package io.postbox.contract;

/** Path parameters of the email routes (SPEC §5, §15). */
public final class PathParams {
  public static final String EMAIL_ID_MESSAGE = "\"emailId\" must be a number";

  private PathParams() {
  }

  /** A positive decimal integer within the signed 64-bit range, digits only (leading zeros allowed). */
  public static ApiErrorOr<Long> emailId(String raw) {
    if (raw == null || raw.isEmpty() || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
}
