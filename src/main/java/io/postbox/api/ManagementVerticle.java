package io.postbox.api;

import io.postbox.bus.AccountStoreClient;
import io.postbox.bus.IngestClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** Health and metrics on {@code management.port} for a node that runs without the api role (SPEC §21.3). */
public final class ManagementVerticle extends VerticleBase {
  private HttpServer server;

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    HealthChecks health = new HealthChecks(vertx, new AccountStoreClient(vertx), new IngestClient(vertx));
    router.get("/health/live").handler(ctx -> HttpResponses.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> health.ready()
        .onSuccess(report -> HttpResponses.json(ctx, "UP".equals(report.getString("status")) ? 200 : 503, report)));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    int port = config().getJsonObject("management", new JsonObject()).getInteger("port", 9090);
    return vertx.createHttpServer().requestHandler(router).listen(port).onSuccess(started -> server = started);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
