package io.postbox.ingest;

import io.postbox.contract.Addresses;
import io.postbox.contract.MachineOpens;
import io.postbox.contract.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

/**
 * SES event ingestion: raw messages on {@link Addresses#INGEST_RAW} and, when {@code sqs.queueUrl} is set,
 * {@code sqs.pollers} SQS long-poll loops, all parsed and applied through the store.
 */
public final class IngestVerticle extends VerticleBase {
  private final List<SqsPoller> pollers = new ArrayList<>();
  private SqsAsyncClient sqs;

  @Override
  public Future<?> start() {
    IngestSettings settings = IngestSettings.from(config());
    RawMessages rawMessages = new RawMessages(new SesEventParser(MachineOpens.from(config())), vertx.eventBus());
    Future<Void> consumers = Future.all(
        Replies.consume(vertx.eventBus(), Addresses.INGEST_RAW,
            message -> rawMessages.ingest(message.getString("source"), message.getString("body"))),
        vertx.eventBus().localConsumer(Addresses.INGEST_HEALTH, Replies.json(ignored -> Future.succeededFuture(
            settings.sqsEnabled() ? SqsHealth.of(pollers, Instant.now()) : SqsHealth.disabled()))).completion())
        .mapEmpty();
    if (!settings.sqsEnabled()) {
      return consumers;
    }
    return consumers
        .compose(ready -> vertx.executeBlocking(() -> sqsClient(settings)))
        .onSuccess(client -> {
          sqs = client;
          for (int i = 0; i < settings.pollers(); i++) {
            SqsPoller poller = new SqsPoller(client, settings.queueUrl(), rawMessages::ingest, context,
                SqsPoller.Tuning.SPEC);
            pollers.add(poller);
            poller.start();
          }
        });
  }

  @Override
  public Future<?> stop() {
    Future<?> stopped = Future.join(pollers.stream().map(SqsPoller::stop).toList());
    if (sqs == null) {
      return stopped;
    }
    return stopped.eventually(() -> vertx.executeBlocking(() -> {
      sqs.close();
      return null;
    }));
  }

  private static SqsAsyncClient sqsClient(IngestSettings settings) {
    SqsAsyncClientBuilder builder = SqsAsyncClient.builder().region(Region.of(settings.awsRegion()));
    if (settings.sqsEndpoint() != null && !settings.sqsEndpoint().isBlank()) {
      builder.endpointOverride(URI.create(settings.sqsEndpoint()));
    }
    return builder.build();
  }
}
