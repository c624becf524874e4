package io.postbox.dispatch;

import java.util.concurrent.ThreadLocalRandom;

/**
 * SPEC §10 and §22: at most {@code maxAttempts} SendEmail calls, exponential backoff with jitter from
 * {@code firstBackoffMillis}, all within {@code budgetMillis} counted from the send call (slot waits included).
 * Each attempt is cut off at {@code attemptTimeoutMillis} or the end of the budget, whichever is first; an attempt
 * is not started with less than {@code minAttemptMillis} of the budget left.
 */
record SesRetryPolicy(int maxAttempts, long firstBackoffMillis, long budgetMillis, long attemptTimeoutMillis,
    long minAttemptMillis) {

  static final SesRetryPolicy SPEC = new SesRetryPolicy(3, 200, 5_000, 2_000, 250);

  /** The pause after failed attempt {@code attempt} (1-based): 200–400 ms, then 400–800 ms, … */
  long backoffMillis(int attempt) {
    long base = firstBackoffMillis << (attempt - 1);
    return base + ThreadLocalRandom.current().nextLong(base + 1);
  }
}
