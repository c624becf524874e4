package io.postbox.ingest;

import io.postbox.contract.Addresses;
import io.postbox.contract.MachineOpens;
import io.postbox.contract.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;

/**
 * SES event ingestion: raw messages on {@link Addresses#INGEST_RAW} and SNS callback bodies on
 * {@link Addresses#INGEST_CALLBACK} are verified, parsed and applied through the store.
 */
public final class IngestVerticle extends VerticleBase {
  private WebClient snsClient;

  @Override
  public Future<?> start() {
    SnsSettings sns;
    try {
      sns = SnsSettings.from(config());
    } catch (IllegalArgumentException invalid) {
      return Future.failedFuture(invalid);
    }
    return SnsWebClient.create(vertx, sns).compose(client -> {
      snsClient = client;
      EventBus bus = vertx.eventBus();
      SesEventParser parser = new SesEventParser(MachineOpens.from(config()));
      SnsVerifier verifier = new SnsVerifier(sns, new SnsCertificates(client, Clock.systemUTC()));
      RawMessages rawMessages = new RawMessages(parser, verifier, new SnsSubscriptions(sns, client), bus);
      CallbackRequests callbacks = new CallbackRequests(parser, rawMessages, sns.verifySignatures());
      return Future.all(
          Replies.consume(bus, Addresses.INGEST_RAW,
              message -> rawMessages.ingest(message.getString("source"), message.getString("body"))),
          Replies.consume(bus, Addresses.INGEST_CALLBACK, callbacks::handle));
    });
  }

  @Override
  public Future<?> stop() {
    if (snsClient != null) {
      snsClient.close();
    }
    return Future.succeededFuture();
  }
}
