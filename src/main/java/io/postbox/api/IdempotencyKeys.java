package io.postbox.api;

import io.postbox.contract.ApiError;

/** Syntax of the {@code Idempotency-Key} header (SPEC §17). */
final class IdempotencyKeys {
  public static final String INVALID_MESSAGE = "\"Idempotency-Key\" must be 1 to 255 printable ASCII characters";
  public static final int MAX_LENGTH = 255;

  private IdempotencyKeys() {
  }

  public static boolean isValidSyntax(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** The 400 answer for a header that is present but malformed; null when it is fine. */
  public static ApiError check(String key) {
    return isValidSyntax(key) ? null : ApiError.validation(INVALID_MESSAGE);
  }
}
