package io.postbox.webhooks;

import io.postbox.bus.ServiceAnswers;
import io.postbox.bus.WebhookStoreClient;
import io.postbox.contract.PublicEmailApi;
import io.postbox.contract.WebhookStore;
import io.postbox.contract.WebhookStore.Purge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * The {@code webhooks} role (SPEC §21.2): polls the outbox every second, and at once on status-changed publishes
 * and wake-ups; purges deliveries older than 30 days every hour. Several nodes may run it side by side.
 */
public final class WebhooksVerticle extends VerticleBase {
  private static final long HINT_WINDOW_MILLIS = 20;
  private DeliveryLoop deliveryLoop;
  private boolean hintScheduled;
  private HttpClient client;

  @Override
  public Future<?> start() {
    WebhookSettings settings = WebhookSettings.from(config());
    client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeoutMs()))
        .setMaxRedirects(0));
    SecureRandom random = new SecureRandom();
    WebhookStore store = new WebhookStoreClient(vertx);
    deliveryLoop = new DeliveryLoop(vertx, store,
        new TargetGuard(vertx, settings.allowPrivateTargets(), InetAddress::getAllByName),
        new WebhookSender(vertx, client, settings.timeoutMs()),
        new RetrySchedule(settings.retryScale(), random::nextDouble), Clock.systemUTC(),
        settings.leaseMillis(), WebhookSettings.POLL_MILLIS);
    vertx.setPeriodic(0, WebhookSettings.POLL_MILLIS, tick -> deliveryLoop.wake());
    Purge purge = new Purge(WebhookSettings.RETENTION_DAYS);
    vertx.setPeriodic(60_000, WebhookSettings.PURGE_MILLIS, tick -> store.purge(purge));
    ServiceAnswers answers = new ServiceAnswers(vertx);
    return Future.all(List.of(
        answers.subscribe(PublicEmailApi.STATUS_CHANGED, change -> hint()),
        answers.subscribe(WebhookStore.WAKE, wake -> hint())));
  }

  /** Hints arrive in bursts during ingestion; one claim per short window serves them all. */
  private void hint() {
    if (!hintScheduled) {
      hintScheduled = true;
      vertx.setTimer(HINT_WINDOW_MILLIS, fired -> {
        hintScheduled = false;
        deliveryLoop.wake();
      });
    }
  }

  @Override
  public Future<?> stop() {
    deliveryLoop.stop();
    return client.close();
  }
}
