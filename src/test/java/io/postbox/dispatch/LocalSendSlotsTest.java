package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §10: {@code ses.maxSendRate} slots and the 2 s wait limit. */
class LocalSendSlotsTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void tenPerSecondSpreadsTwentySendsOverNearlyTwoSeconds() {
    LocalSendSlots limiter = new LocalSendSlots(vertx, 10);

    List<Long> grantedAtMillis = acquireAll(limiter, 20, SendSlots.MAX_WAIT_MILLIS);

    assertThat(grantedAtMillis).isSorted();
    assertThat(grantedAtMillis.get(0)).isLessThan(50);
    assertThat(grantedAtMillis.get(19) - grantedAtMillis.get(0)).isBetween(1_850L, 2_150L);
    for (int i = 1; i < grantedAtMillis.size(); i++) {
      assertThat(grantedAtMillis.get(i)).isGreaterThanOrEqualTo(i * 100L - 10);
    }
  }

  @Test
  void theDispatchInstancesOfANodeShareOneLimiter() {
    Vertx other = Vertx.vertx();
    try {
      assertThat(LocalSendSlots.ofNode(vertx, 10)).isSameAs(LocalSendSlots.ofNode(vertx, 10))
          .isNotSameAs(LocalSendSlots.ofNode(other, 10));
    } finally {
      other.close();
    }
  }

  @Test
  void aFractionalRateIsHonoured() {
    LocalSendSlots limiter = new LocalSendSlots(vertx, 2.5);

    List<Long> grantedAtMillis = acquireAll(limiter, 3, SendSlots.MAX_WAIT_MILLIS);

    assertThat(grantedAtMillis.get(2) - grantedAtMillis.get(0)).isBetween(780L, 950L);
  }

  @Test
  void aCallerThatWouldWaitMoreThanTwoSecondsFailsAtOnceAndTakesNoSlot() throws Exception {
    LocalSendSlots limiter = new LocalSendSlots(vertx, 1);
    long start = System.nanoTime();
    Future<Void> now = limiter.acquire();
    Future<Void> inOneSecond = limiter.acquire();
    Future<Void> inTwoSeconds = limiter.acquire();

    Future<Void> inThreeSeconds = limiter.acquire();

    assertThat(inThreeSeconds.failed()).isTrue();
    assertThat(inThreeSeconds.cause()).isInstanceOfSatisfying(SesSendException.class, failure -> {
      assertThat(failure.errorCode()).isEqualTo("Provider unavailable");
      assertThat(failure.errorSubType()).isEqualTo("SendRateExceeded");
      assertThat(failure.retryAfterSeconds()).isEqualTo(5);
    });
    assertThat(now.succeeded()).isTrue();
    await(Future.all(inOneSecond, inTwoSeconds));
    assertThat(elapsedMillis(start)).isBetween(1_950L, 2_300L);
    // the refused caller left the three-second slot free: the next one gets it, not the four-second one
    await(limiter.acquire());
    assertThat(elapsedMillis(start)).isBetween(2_950L, 3_300L);
  }

  @Test
  void theMaximumWaitIsTheCallersToChoose() {
    LocalSendSlots limiter = new LocalSendSlots(vertx, 5);
    assertThat(limiter.acquire(0).succeeded()).isTrue();

    assertThat(limiter.acquire(0).failed()).isTrue();
    assertThat(limiter.acquire(150).failed()).isTrue();
    assertThat(limiter.acquire(250).failed()).isFalse();
  }

  @Test
  void aRateThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> new LocalSendSlots(vertx, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ses.maxSendRate");
    assertThatThrownBy(() -> new LocalSendSlots(vertx, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Asks for {@code count} slots at once from an event loop; the milliseconds after the first ask when each came. */
  private static List<Long> acquireAll(SendSlots slots, int count, long maxWaitMillis) {
    CompletableFuture<List<Long>> granted = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(go -> {
      long start = System.nanoTime();
      List<Future<Long>> times = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        times.add(slots.acquire(maxWaitMillis).map(slot -> elapsedMillis(start)));
      }
      Future.all(times).onComplete(all -> {
        if (all.failed()) {
          granted.completeExceptionally(all.cause());
        } else {
          granted.complete(times.stream().map(Future::result).toList());
        }
      });
    });
    return granted.orTimeout(10, TimeUnit.SECONDS).join();
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }
}
