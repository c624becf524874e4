package io.postbox.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

  @Test
  void awaitReturnsOnceTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();
    Eventually.await(Duration.ofSeconds(5), "the third poll", () -> polls.incrementAndGet() >= 3);
    assertThat(polls).hasValue(3);
  }

  @Test
  void awaitReturnsTheFirstValueThatIsDone() {
    AtomicInteger polls = new AtomicInteger();
    assertThat(Eventually.await(Duration.ofSeconds(5), "a value of 4", polls::incrementAndGet, value -> value == 4))
        .isEqualTo(4);
  }

  @Test
  void awaitFailsNamingWhatItWaitedForAndTheLastValue() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> Eventually.await(Duration.ofMillis(200), "the status DELIVERED", () -> "SENT",
        "DELIVERED"::equals))
        .isInstanceOf(AssertionError.class)
        .hasMessage("waited 200 ms for the status DELIVERED, last value: SENT");
    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(200L, 2_000L);
  }

  @Test
  void neverWatchesTheWholeWindowWhenNothingHappens() {
    AtomicInteger polls = new AtomicInteger();
    long started = System.nanoTime();
    Eventually.never(Duration.ofMillis(200), "second delivery", () -> polls.incrementAndGet() < 0);
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(200);
    assertThat(polls.get()).isGreaterThan(2);
  }

  @Test
  void neverFailsAsSoonAsTheThingHappensAndSaysWhatItWas() {
    AtomicInteger polls = new AtomicInteger();
    long started = System.nanoTime();
    assertThatThrownBy(() -> Eventually.never(Duration.ofSeconds(10), "second delivery",
        () -> polls.incrementAndGet() >= 2))
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected no second delivery within 10000 ms, but it happened");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void untilNextSecondLandsJustAfterASecondBoundary() {
    Eventually.untilNextSecond(5);
    assertThat(System.currentTimeMillis() % 1000).isBetween(5L, 500L);
  }
}
