package io.postbox.dispatch;

import io.vertx.core.Future;

/**
 * SPEC §10's {@code ses.maxSendRate}: one slot per SendEmail call. Completes when the caller may call SES, or
 * fails at once with {@link SesSendException} {@code SendRateExceeded} when the slot is further away than
 * {@code maxWaitMillis}; a failed acquisition takes no slot. A cluster-wide implementation can replace the local one.
 */
interface SendSlots {
  long MAX_WAIT_MILLIS = 2_000;

  Future<Void> acquire(long maxWaitMillis);

  default Future<Void> acquire() {
    return acquire(MAX_WAIT_MILLIS);
  }
}
