package io.postbox.store;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §24 log lines: one WARN when the database becomes unreachable and one INFO when it answers again, whatever
 * the number of requests in between. One per JVM, as the database is.
 */
final class DatabaseOutage {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
  private static final AtomicBoolean DOWN = new AtomicBoolean();
  private static volatile long downSinceNanos;

  private DatabaseOutage() {
  }

  static void failed(Throwable transientFailure) {
    if (DOWN.compareAndSet(false, true)) {
      downSinceNanos = System.nanoTime();
      LOG.warn("Database unavailable ({}); answering 503 until it is back", DatabaseFaults.describe(transientFailure));
    }
  }

  /** A database call that started at {@code startNanos} succeeded; one that began before the outage proves nothing. */
  static void answered(long startNanos) {
    if (DOWN.get() && startNanos - downSinceNanos > 0 && DOWN.compareAndSet(true, false)) {
      LOG.info("Database available again after {} ms", (System.nanoTime() - downSinceNanos) / 1_000_000);
    }
  }
}
