package io.postbox.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared-counter send slots, run on one Vert.x (its counters behave as the cluster's do). */
class ClusterSendSlotsTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    TestPostbox.await(vertx.close());
  }

  @Test
  void noSecondGetsMoreThanTheRateAndAFullWindowWaitsForTheNext() {
    ClusterSendSlots slots = new ClusterSendSlots(vertx, 5.7);
    Map<Long, Integer> perSecond = new ConcurrentHashMap<>();
    List<Future<Void>> acquired = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      acquired.add(slots.acquire(5_000).onSuccess(ok ->
          perSecond.merge(System.currentTimeMillis() / 1000, 1, Integer::sum)));
    }
    TestPostbox.await(Future.all(acquired));
    assertThat(perSecond.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(5));
    assertThat(perSecond).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void aCallerThatCannotWaitLongEnoughIsRefusedWithSendRateExceeded() {
    ClusterSendSlots slots = new ClusterSendSlots(vertx, 1);
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Throwable failure = TestPostbox.await(slots.acquire(0).map(ok -> (Throwable) null).otherwise(cause -> cause));
      if (failure != null) {
        failures.add(failure);
      }
    }
    assertThat(failures).isNotEmpty();
    assertThat(failures).allSatisfy(failure -> assertThat(((SesSendException) failure).errorSubType())
        .isEqualTo("SendRateExceeded"));
  }
}
