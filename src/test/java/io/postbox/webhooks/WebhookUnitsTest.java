package io.postbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain pieces of the delivery loop: signing and the retry schedule. */
class WebhookUnitsTest {
  @Test
  void signaturesMatchTheStandardWebhooksReferenceVector() {
    assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330L, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void retriesFollowTheScheduleThenStopAfterTheEighthAttempt() {
    RetrySchedule exact = new RetrySchedule(1.0, () -> 0.5);
    List<Long> delays = new ArrayList<>();
    for (int attempt = 1; attempt <= 7; attempt++) {
      delays.add(exact.delayAfter(attempt));
    }
    assertThat(delays).containsExactly(5_000L, 300_000L, 1_800_000L, 7_200_000L, 18_000_000L, 36_000_000L,
        36_000_000L);
    assertThat(delays.stream().mapToLong(Long::longValue).sum()).isEqualTo(99_305_000L);
    assertThat(exact.delayAfter(8)).isEqualTo(-1);
    assertThat(new RetrySchedule(1.0, () -> 0.0).delayAfter(1)).isEqualTo(4_500L);
    assertThat(new RetrySchedule(1.0, () -> 0.99).delayAfter(2)).isEqualTo(329_400L);
    assertThat(new RetrySchedule(0.001, () -> 0.5).delayAfter(2)).isEqualTo(300L);
  }
}
