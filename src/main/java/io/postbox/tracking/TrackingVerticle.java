package io.postbox.tracking;

import io.postbox.bus.EmailStoreClient;
import io.postbox.contract.HttpConnectionLimit;
import io.postbox.contract.MachineOpens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/** The pixel server on {@code tracking.port} (SPEC §14.2); opens go to the store in small batches. */
public final class TrackingVerticle extends VerticleBase {
  private static final int BATCH_MAX_EVENTS = 500;
  private static final long BATCH_MAX_DELAY_MILLIS = 5;
  /** Opens waiting here or in the store before pixel answers wait for the store (10–20 MB of heap). */
  private static final int MAX_UNRECORDED_OPENS = 10_000;

  private HttpServer server;
  private OpenBatcher batcher;

  @Override
  public Future<?> start() {
    TrackingSettings settings = TrackingSettings.from(config());
    batcher = new OpenBatcher(vertx, new EmailStoreClient(vertx), BATCH_MAX_EVENTS, BATCH_MAX_DELAY_MILLIS,
        MAX_UNRECORDED_OPENS);
    PixelRequests requests = new PixelRequests(settings.tokenReader(), new OpenEvents(MachineOpens.from(config())),
        batcher, settings.trustForwardedFor());
    server = vertx.createHttpServer(new HttpServerOptions().setPort(settings.port())
        .setIdleTimeout(HttpConnectionLimit.idleTimeoutSeconds(config())).setIdleTimeoutUnit(TimeUnit.SECONDS));
    return server.connectionHandler(HttpConnectionLimit.of(vertx, config())::admit)
        .requestHandler(requests::handle).listen();
  }

  @Override
  public Future<?> stop() {
    return server.close().eventually(() -> batcher.flush());
  }
}
