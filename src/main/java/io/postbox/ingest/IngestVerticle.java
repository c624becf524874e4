package io.postbox.ingest;

import io.postbox.bus.EmailStoreClient;
import io.postbox.bus.ServiceAnswers;
import io.postbox.contract.Ingest;
import io.postbox.contract.MachineOpens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

/**
 * SES event ingestion: raw messages on {@link Ingest#RAW}, SNS callback bodies on {@link Ingest#CALLBACK} and,
 * when {@code sqs.queueUrl} is set, {@code sqs.pollers} SQS long-poll loops;
 * all verified, parsed and applied through the store.
 */
public final class IngestVerticle extends VerticleBase {
  private final List<SqsPoller> pollers = new ArrayList<>();
  private WebClient snsClient;
  private SqsAsyncClient sqs;

  @Override
  public Future<?> start() {
    SnsSettings sns;
    IngestSettings settings;
    try {
      sns = SnsSettings.from(config());
      settings = IngestSettings.from(config());
    } catch (IllegalArgumentException invalid) {
      return Future.failedFuture(invalid);
    }
    return SnsWebClient.create(vertx, sns).compose(client -> {
      snsClient = client;
      EventBus bus = vertx.eventBus();
      SesEventParser parser = new SesEventParser(MachineOpens.from(config()));
      SnsVerifier verifier = new SnsVerifier(sns, new SnsCertificates(client, Clock.systemUTC()));
      RawMessages rawMessages = new RawMessages(parser, verifier, new SnsSubscriptions(sns, client),
          new EmailStoreClient(vertx));
      CallbackRequests callbacks = new CallbackRequests(parser, rawMessages, sns.verifySignatures());
      ServiceAnswers answers = new ServiceAnswers(vertx);
      Future<Void> consumers = Future.all(
          answers.answer(Ingest.RAW, message -> rawMessages.ingest(message.source(), message.body())),
          answers.answer(Ingest.CALLBACK, callbacks::handle),
          answers.answerLocally(Ingest.HEALTH, ignored -> Future.succeededFuture(
              settings.sqsEnabled() ? SqsHealth.of(pollers, Instant.now()) : SqsHealth.disabled())))
          .mapEmpty();
      return settings.sqsEnabled() ? consumers.compose(ready -> startPollers(settings, rawMessages)) : consumers;
    });
  }

  private Future<Void> startPollers(IngestSettings settings, RawMessages rawMessages) {
    return vertx.executeBlocking(() -> sqsClient(settings)).map(client -> {
      sqs = client;
      for (int i = 0; i < settings.pollers(); i++) {
        SqsPoller poller = new SqsPoller(client, settings.queueUrl(), rawMessages::ingest, context, SqsPoller.Tuning.SPEC);
        pollers.add(poller);
        poller.start();
      }
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    if (snsClient != null) {
      snsClient.close();
    }
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
