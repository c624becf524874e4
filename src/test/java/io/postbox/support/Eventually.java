package io.postbox.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded condition waits for tests: each wait polls and says what it waited for when it fails. */
public final class Eventually {
  private static final long POLL_MILLIS = 20;

  private Eventually() {
  }

  /** Polls until {@code condition} holds; fails naming {@code what} if it does not within {@code timeout}. */
  public static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + ", but it did not happen");
      }
      pause(POLL_MILLIS);
    }
  }

  /** Polls {@code value} until it satisfies {@code done}, and returns that value; fails naming {@code what}. */
  public static <T> T await(Duration timeout, String what, Supplier<T> value, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T current = value.get();
      if (done.test(current)) {
        return current;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + ", last value: " + current);
      }
      pause(POLL_MILLIS);
    }
  }

  /**
   * Checks {@code happened} throughout {@code window} and fails naming {@code what} as soon as it holds: the
   * bounded way to show that something did not happen.
   */
  public static void never(Duration window, String what, BooleanSupplier happened) {
    long deadline = System.nanoTime() + window.toNanos();
    do {
      if (happened.getAsBoolean()) {
        throw new AssertionError("expected no " + what + " within " + window.toMillis() + " ms, but it happened");
      }
      pause(POLL_MILLIS);
    } while (System.nanoTime() - deadline < 0);
    if (happened.getAsBoolean()) {
      throw new AssertionError("expected no " + what + " within " + window.toMillis() + " ms, but it happened");
    }
  }

  /** Waits until the wall clock is {@code offsetMillis} past the start of the next whole second. */
  public static void untilNextSecond(long offsetMillis) {
    long target = (System.currentTimeMillis() / 1000 + 1) * 1000 + offsetMillis;
    long left;
    while ((left = target - System.currentTimeMillis()) > 0) {
      pause(Math.min(left, POLL_MILLIS));
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
