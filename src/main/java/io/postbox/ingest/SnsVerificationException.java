package io.postbox.ingest;

/**
 * An SNS envelope that must not be trusted (SPEC §11.6): the callback answers 403, the SQS path stores a reject
 * with reason {@code verification}. Any other failure while verifying is transient.
 */
final class SnsVerificationException extends RuntimeException {
  static final String REJECT_REASON = "verification";

  SnsVerificationException(String reason) {
    super(reason, null, false, false);
  }
}
