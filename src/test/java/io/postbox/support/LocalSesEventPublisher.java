package io.postbox.support;

import io.postbox.dispatch.SandboxEvents;
import io.postbox.dispatch.SandboxEvents.ScheduledEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays SES's event publishing for aws-ses-v2-local, which publishes none: polls its store and, for each email
 * that arrived, hands the events of {@link StoredEmailEvents} to {@code queue} on the simulator's schedule, as a
 * configuration set's event destination with raw delivery would put them into SQS.
 */
final class LocalSesEventPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSesEventPublisher.class);

  private final LongFunction<JsonArray> storeSince;
  private final Consumer<String> queue;
  private final StoredEmailEvents events;
  private final long lagMillis;
  private final NewEmails newEmails = new NewEmails();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "ses-event-publisher");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * {@code storeSince} lists the store from an epoch second; {@code timeScale} multiplies the simulator's delays;
   * {@code lag} comes before them all, so that postbox has stored the SES message id by the time its Send arrives.
   */
  LocalSesEventPublisher(LongFunction<JsonArray> storeSince, Consumer<String> queue, double timeScale,
      Duration lag) {
    this.storeSince = storeSince;
    this.queue = queue;
    this.events = new StoredEmailEvents(new SandboxEvents(timeScale, ThreadLocalRandom.current()));
    this.lagMillis = lag.toMillis();
  }

  void start(Duration pollInterval) {
    scheduler.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      for (JsonObject email : newEmails.of(storeSince.apply(newEmails.since()))) {
        publish(email);
      }
    } catch (RuntimeException e) {
      LOG.warn("Reading the local SES store failed; trying again", e);
    }
  }

  private void publish(JsonObject email) {
    String messageId = email.getString("messageId");
    for (ScheduledEvent event : events.of(email, Instant.now())) {
      scheduler.schedule(() -> put(messageId, event.rawJson()), lagMillis + event.delayMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void put(String messageId, String rawJson) {
    try {
      queue.accept(rawJson);
      LOG.info("SES event {} for message {} put into the queue",
          new JsonObject(rawJson).getString("eventType"), messageId);
    } catch (RuntimeException e) {
      LOG.warn("Putting an SES event for message {} into the queue failed; it is lost", messageId, e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
