package io.postbox.ingest;

import io.postbox.contract.Ingest.SqsReadiness;
import io.postbox.contract.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** The SQS check of SPEC §21.3: UP while some poller's last successful receive is under 60 s old. */
final class SqsHealth {
  static final Duration FRESH = Duration.ofSeconds(60);

  private SqsHealth() {
  }

  /** This node polls no queue. */
  static SqsReadiness disabled() {
    return new SqsReadiness("DISABLED", null);
  }

  static SqsReadiness of(Collection<SqsPoller> pollers, Instant now) {
    Optional<Instant> last = pollers.stream().map(SqsPoller::lastReceiveAt).flatMap(Optional::stream)
        .max(Instant::compareTo);
    return of(last, now);
  }

  static SqsReadiness of(Optional<Instant> lastReceiveAt, Instant now) {
    boolean up = lastReceiveAt.filter(at -> Duration.between(at, now).compareTo(FRESH) < 0).isPresent();
    return new SqsReadiness(up ? "UP" : "DOWN", lastReceiveAt.map(Timestamps::format).orElse(null));
  }
}
