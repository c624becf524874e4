package io.postbox.webhooks;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * SPEC §16: after each failed attempt wait 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, each ±10 % at random;
 * the 8th failure is final. {@code scale} multiplies every delay (1.0 in production; tests compress it).
 */
final class RetrySchedule {
  static final int MAX_ATTEMPTS = 8;
  static final List<Long> DELAYS_MILLIS = List.of(5_000L, 300_000L, 1_800_000L, 7_200_000L, 18_000_000L,
      36_000_000L, 36_000_000L);

  private final double scale;
  private final DoubleSupplier random;

  /** {@code random} yields values in [0, 1). */
  RetrySchedule(double scale, DoubleSupplier random) {
    this.scale = scale;
    this.random = random;
  }

  /** Milliseconds to wait after the {@code attemptsMade}-th attempt failed; -1 when it was the last one. */
  long delayAfter(int attemptsMade) {
    if (attemptsMade >= MAX_ATTEMPTS) {
      return -1;
    }
    double jitter = 0.9 + 0.2 * random.getAsDouble();
    return Math.round(DELAYS_MILLIS.get(attemptsMade - 1) * jitter * scale);
  }
}
