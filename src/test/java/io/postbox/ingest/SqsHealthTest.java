package io.postbox.ingest;

import io.postbox.contract.Ingest.SqsReadiness;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SPEC §21.3: the SQS check is UP while the last successful receive is under 60 s old. */
class SqsHealthTest {
  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07.089Z");

  @Test
  void aNodeWithoutAQueueIsDisabled() {
    assertThat(SqsHealth.disabled()).isEqualTo(new SqsReadiness("DISABLED", null));
  }

  @Test
  void pollersNotStartedYetAreDown() {
    assertThat(SqsHealth.of(List.of(), NOW).sqs()).isEqualTo("DOWN");
  }

  @Test
  void noSuccessfulReceiveYetIsDown() {
    assertThat(SqsHealth.of(Optional.empty(), NOW)).isEqualTo(new SqsReadiness("DOWN", null));
  }

  @Test
  void aReceiveUnderSixtySecondsAgoIsUp() {
    assertThat(SqsHealth.of(Optional.of(NOW.minusSeconds(59)), NOW))
        .isEqualTo(new SqsReadiness("UP", "2025-03-04T05:05:08.089Z"));
  }

  @Test
  void aReceiveSixtySecondsAgoOrMoreIsDown() {
    assertThat(SqsHealth.of(Optional.of(NOW.minusSeconds(60)), NOW).sqs()).isEqualTo("DOWN");
  }
}
