package io.postbox.dispatch;

import io.postbox.bus.IngestClient;
import io.postbox.contract.Ingest;
import io.postbox.contract.BackoffRetry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPEC §20: after an acceptance, feeds the simulator's SES events to ingestion as raw messages. An event that could
 * not be applied (ingestion's failure means nothing was committed) comes again with backoff, as SQS would
 * redeliver it, for at most 10 minutes (SPEC §24).
 */
final class SandboxSimulator implements Consumer<SandboxEvents.SandboxEmail> {
  static final Duration REDELIVERY_BUDGET = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(SandboxSimulator.class);

  private final Vertx vertx;
  private final Ingest ingest;
  private final SandboxEvents events;
  private final BackoffRetry redelivery;

  SandboxSimulator(Vertx vertx, double timeScale) {
    this.vertx = vertx;
    this.ingest = new IngestClient(vertx);
    this.events = new SandboxEvents(timeScale, ThreadLocalRandom.current());
    this.redelivery = new BackoffRetry(vertx, Duration.ofMillis(250), Duration.ofSeconds(5), REDELIVERY_BUDGET);
  }

  @Override
  public void accept(SandboxEvents.SandboxEmail email) {
    for (SandboxEvents.ScheduledEvent event : events.plan(email)) {
      Ingest.RawMessage message = new Ingest.RawMessage("sandbox", event.rawJson());
      Runnable feed = () -> redelivery.run(() -> ingest.raw(message),
              failure -> true)
          .onFailure(failure -> LOG.warn("Sandbox event for email {} was not applied within {} ({})",
              email.emailId(), REDELIVERY_BUDGET, failure.getMessage()));
      if (event.delayMillis() < 1) {
        vertx.runOnContext(ignored -> feed.run());
      } else {
        vertx.setTimer(event.delayMillis(), ignored -> feed.run());
      }
    }
  }
}
