package io.postbox.ingest;

import io.postbox.contract.IsoTimestamps;
import io.vertx.core.json.JsonObject;
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
  static JsonObject disabled() {
    return new JsonObject().put("sqs", "DISABLED").put("last_poll_at", null);
  }

  static JsonObject of(Collection<SqsPoller> pollers, Instant now) {
    Optional<Instant> last = pollers.stream().map(SqsPoller::lastReceiveAt).flatMap(Optional::stream)
        .max(Instant::compareTo);
    return of(last, now);
  }

  static JsonObject of(Optional<Instant> lastReceiveAt, Instant now) {
    boolean up = lastReceiveAt.filter(at -> Duration.between(at, now).compareTo(FRESH) < 0).isPresent();
    return new JsonObject().put("sqs", up ? "UP" : "DOWN")
        .put("last_poll_at", lastReceiveAt.map(IsoTimestamps::format).orElse(null));
  }
}
