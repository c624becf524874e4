package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.Schemas;
import java.util.regex.Pattern;

/** Syntax of the {@code Idempotency-Key} header (SPEC §17), as {@code send-headers.json} writes it. */
final class IdempotencyKeys {
  private static final SchemaRules RULES = SchemaRules.of(Schemas.SEND_HEADERS);
  private static final String HEADER = "Idempotency-Key";
  static final int MIN_LENGTH = RULES.minLength(HEADER);
  static final int MAX_LENGTH = RULES.maxLength(HEADER);
  private static final Pattern CHARACTERS = RULES.pattern(HEADER);
  static final String INVALID_MESSAGE =
      "\"Idempotency-Key\" must be " + MIN_LENGTH + " to " + MAX_LENGTH + " printable ASCII characters";

  private IdempotencyKeys() {
  }

  static boolean isValidSyntax(String key) {
    return key != null && key.length() >= MIN_LENGTH && key.length() <= MAX_LENGTH
        && CHARACTERS.matcher(key).matches();
  }

  /** The 400 answer for a header that is present but malformed; null when it is fine. */
  static ApiError check(String key) {
    return isValidSyntax(key) ? null : ApiError.validation(INVALID_MESSAGE);
  }
}
