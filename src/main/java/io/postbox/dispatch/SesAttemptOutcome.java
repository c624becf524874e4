package io.postbox.dispatch;

/** How one failed SendEmail call ends: the outcome if it is the last, and whether SPEC §10 allows another try. */
record SesAttemptOutcome(SesSendException failure, boolean retryable) {
  static SesAttemptOutcome retry(SesSendException failure) {
    return new SesAttemptOutcome(failure, true);
  }

  static SesAttemptOutcome last(SesSendException failure) {
    return new SesAttemptOutcome(failure, false);
  }
}
