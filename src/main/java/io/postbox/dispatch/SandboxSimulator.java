package io.postbox.dispatch;

import io.postbox.contract.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SPEC §20: after an acceptance commits, feeds the simulator's SES events to ingestion as raw messages. */
final class SandboxSimulator implements Consumer<SandboxEvents.SandboxEmail> {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxSimulator.class);

  private final Vertx vertx;
  private final SandboxEvents events;

  SandboxSimulator(Vertx vertx, double timeScale) {
    this.vertx = vertx;
    this.events = new SandboxEvents(timeScale, ThreadLocalRandom.current());
  }

  @Override
  public void accept(SandboxEvents.SandboxEmail email) {
    for (SandboxEvents.ScheduledEvent event : events.plan(email)) {
      Runnable feed = () -> vertx.eventBus()
          .request(Addresses.INGEST_RAW, new JsonObject().put("source", "sandbox").put("body", event.rawJson()))
          .onFailure(failure -> LOG.warn("Sandbox event for email {} was not applied", email.emailId(), failure));
      if (event.delayMillis() < 1) {
        vertx.runOnContext(ignored -> feed.run());
      } else {
        vertx.setTimer(event.delayMillis(), ignored -> feed.run());
      }
    }
  }
}
