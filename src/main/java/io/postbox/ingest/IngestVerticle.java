package io.postbox.ingest;

import io.postbox.contract.Addresses;
import io.postbox.contract.MachineOpens;
import io.postbox.contract.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** SES event ingestion: raw messages on {@link Addresses#INGEST_RAW} are parsed and applied through the store. */
public final class IngestVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    RawMessages rawMessages = new RawMessages(new SesEventParser(MachineOpens.from(config())), vertx.eventBus());
    return Replies.consume(vertx.eventBus(), Addresses.INGEST_RAW,
        message -> rawMessages.ingest(message.getString("source"), message.getString("body")));
  }
}
