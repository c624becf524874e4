package io.postbox.dispatch;

import io.postbox.contract.ApiError;

/** A send-time failure of SPEC §9.3: what the row records and what the caller is told. */
record SendFailure(String errorCode, String errorSubType, ApiError error, int retryAfterSeconds) {
  SendFailure(String errorCode, String errorSubType, ApiError error) {
    this(errorCode, errorSubType, error, 0);
  }

  static SendFailure invalidFrom() {
    return new SendFailure("Invalid from address", null, new ApiError(400, "invalid_from_address",
        "From address must be the default sender address or your own verified email address"));
  }

  static SendFailure unverifiedFrom() {
    return new SendFailure("From address has not been verified", null, new ApiError(400, "invalid_from_address",
        "From address has not been verified; ask an operator to verify it"));
  }

  static SendFailure blacklisted() {
    return new SendFailure("Blacklisted recipient", null,
        new ApiError(400, "invalid_template", "Recipient email is blacklisted"));
  }

  static SendFailure emptyAfterSanitizing() {
    return new SendFailure("Empty message after sanitization", null,
        new ApiError(400, "invalid_template", "Subject and/or body are empty after removing disallowed HTML"));
  }

  static SendFailure unsupportedFileType() {
    return new SendFailure("Unsupported file type", null,
        new ApiError(400, "invalid_template", "One or more attachments have an unsupported file type"));
  }
}
