package io.postbox.api;

import io.postbox.bus.AccountStoreClient;
import io.postbox.bus.DispatchClient;
import io.postbox.bus.EmailStoreClient;
import io.postbox.bus.IdempotencyStoreClient;
import io.postbox.bus.IngestClient;
import io.postbox.bus.ServiceAnswers;
import io.postbox.bus.SuppressionStoreClient;
import io.postbox.bus.WebhookStoreClient;
import io.postbox.bus.WebhookTargetsClient;
import io.postbox.contract.AccountStore;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiKeys;
import io.postbox.contract.HttpConnectionLimit;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** HTTP routes and the public event-bus addresses; decisions live in the plain classes it wires. */
public final class ApiVerticle extends VerticleBase {
  private static final String EMAILS_PATH = "/v1/transactional/email";
  private static final String WEBHOOKS_PATH = "/v1/webhooks";
  private static final String SUPPRESSIONS_PATH = "/v1/suppressions";

  private HttpServer server;

  @Override
  public Future<?> start() {
    ApiSettings settings = ApiSettings.from(config());
    EventBus bus = vertx.eventBus();
    AccountStore accounts = new AccountStoreClient(vertx);
    Authenticator authenticator = new Authenticator(new ApiKeys(settings.apiKeySecret()), accounts,
        System::currentTimeMillis);
    UserRateLimit rateLimit = vertx.isClustered()
        ? new ClusterUserRateLimit(vertx.sharedData())
        : (LocalUserRateLimit) vertx.sharedData().getLocalMap("postbox.api")
            .computeIfAbsent("userRateLimit", name -> new LocalUserRateLimit());
    EmailRequests requests = new EmailRequests(accounts, new IdempotencyStoreClient(vertx), new EmailStoreClient(vertx),
        new DispatchClient(vertx), new SendRequestValidator(), settings.defaultFrom());
    ListQueryValidator listQueries = new ListQueryValidator();
    WebhookRequests webhooks = new WebhookRequests(new WebhookStoreClient(vertx), new WebhookTargetsClient(vertx),
        config().getJsonObject("webhooks", new JsonObject()).getInteger("maxPerUser", 10));
    Guarded guarded = new Guarded(authenticator);
    SuppressionRequests suppressions = new SuppressionRequests(new SuppressionStoreClient(vertx));
    HealthChecks health = new HealthChecks(vertx, accounts, new IngestClient(vertx));

    Router router = Router.router(vertx);
    router.route().handler(ApiVerticle::assignRequestId);
    router.route().handler(HttpMetrics::countOnEnd);
    router.route().handler(QueryParams::refuseMalformed);
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    router.get("/health/live").handler(ctx -> HttpResponses.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> health.ready()
        .onSuccess(report -> HttpResponses.json(ctx, "UP".equals(report.getString("status")) ? 200 : 503, report)));
    ApiDocs.load().mount(router);
    Console.mount(router);
    router.post(EMAILS_PATH + "/send").handler(new SendRoute(authenticator, rateLimit, requests)::handle);
    router.post(EMAILS_PATH + "/batch").handler(new BatchRoute(authenticator, rateLimit, requests)::handle);
    router.get(EMAILS_PATH).handler(ctx -> guarded.read(ctx, caller -> requests.list(caller.userId(), caller.test(),
        QueryParams.of(ctx.request().uri()).flatMap(listQueries::fromHttp))));
    router.get(EMAILS_PATH + "/stats").handler(ctx -> guarded.read(ctx, caller -> requests.stats(caller.userId(),
        caller.test(), QueryParams.of(ctx.request().uri())
            .flatMap(query -> StatsQueryValidator.fromHttp(query, Instant.now())))));
    router.get(EMAILS_PATH + "/:emailId/events").handler(ctx -> guarded.read(ctx, caller ->
        requests.events(caller.userId(), caller.test(), ctx.pathParam("emailId"),
            QueryParams.of(ctx.request().uri()).flatMap(EventsQueryValidator::fromHttp))));
    router.post(EMAILS_PATH + "/:emailId/cancel").handler(ctx -> guarded.withBody(ctx, 200, (caller, body) ->
        requests.cancel(caller.userId(), caller.test(), ctx.pathParam("emailId"))));
    router.get(EMAILS_PATH + "/:emailId").handler(ctx -> guarded.read(ctx, caller ->
        requests.get(caller.userId(), caller.test(), ctx.pathParam("emailId"))));
    router.post(WEBHOOKS_PATH).handler(ctx -> guarded.withBody(ctx, 201, (caller, body) ->
        webhooks.create(caller.userId(), body)));
    router.get(WEBHOOKS_PATH).handler(ctx -> guarded.read(ctx, caller -> webhooks.list(caller.userId())));
    router.get(WEBHOOKS_PATH + "/:webhookId").handler(ctx -> guarded.read(ctx, caller ->
        webhooks.get(caller.userId(), ctx.pathParam("webhookId"))));
    router.patch(WEBHOOKS_PATH + "/:webhookId").handler(ctx -> guarded.withBody(ctx, 200, (caller, body) ->
        webhooks.update(caller.userId(), ctx.pathParam("webhookId"), body)));
    router.delete(WEBHOOKS_PATH + "/:webhookId").handler(ctx -> guarded.read(ctx, caller ->
        webhooks.delete(caller.userId(), ctx.pathParam("webhookId"))));
    router.post(WEBHOOKS_PATH + "/:webhookId/test").handler(ctx -> guarded.withBody(ctx, 202, (caller, body) ->
        webhooks.test(caller.userId(), ctx.pathParam("webhookId"))));
    router.get(WEBHOOKS_PATH + "/:webhookId/deliveries").handler(ctx -> guarded.read(ctx, caller ->
        webhooks.deliveries(caller.userId(), ctx.pathParam("webhookId"),
            QueryParams.of(ctx.request().uri()).flatMap(DeliveriesQueryValidator::fromHttp))));
    router.post(WEBHOOKS_PATH + "/:webhookId/deliveries/:deliveryId/replay").handler(ctx -> guarded.withBody(ctx, 202,
        (caller, body) -> webhooks.replay(caller.userId(), ctx.pathParam("webhookId"), ctx.pathParam("deliveryId"))));
    router.post(SUPPRESSIONS_PATH).handler(ctx -> guarded.withBodyAnswer(ctx, (caller, body) ->
        suppressions.create(caller.userId(), body)));
    router.get(SUPPRESSIONS_PATH).handler(ctx -> guarded.read(ctx, caller ->
        suppressions.list(caller.userId(), QueryParams.of(ctx.request().uri()))));
    router.get(SUPPRESSIONS_PATH + "/export").handler(ctx -> guarded.stream(ctx, caller ->
        suppressions.export(caller.userId(), ctx.response())));
    router.get(SUPPRESSIONS_PATH + "/check").handler(ctx -> guarded.read(ctx, caller ->
        suppressions.check(caller.userId(), QueryParams.of(ctx.request().uri()))));
    router.get(SUPPRESSIONS_PATH + "/:address").handler(ctx -> guarded.read(ctx, caller ->
        suppressions.get(caller.userId(), ctx.pathParam("address"))));
    router.delete(SUPPRESSIONS_PATH + "/:address").handler(ctx -> guarded.readAnswer(ctx, caller ->
        suppressions.delete(caller.userId(), ctx.pathParam("address"))));
    JsonObject callback = config().getJsonObject("callback", new JsonObject());
    if (callback.getBoolean("enabled", false)) {
      CallbackRoute callbacks = new CallbackRoute(new IngestClient(vertx), callback.getString("basicAuth"));
      router.post("/v1/callback/email").handler(callbacks::handle);
    }
    router.route().last().handler(ctx -> HttpResponses.error(ctx, ApiError.notFound("Not found")));
    // the router fails a request with 400 when it cannot decode a path parameter (an invalid % escape)
    router.errorHandler(400, ctx -> HttpResponses.error(ctx, QueryParams.malformed()));
    router.errorHandler(404, ctx -> HttpResponses.error(ctx, ApiError.notFound("Not found")));
    router.errorHandler(405, ctx -> HttpResponses.error(ctx, ApiError.notFound("Not found")));
    router.errorHandler(500, ctx -> HttpResponses.failure(ctx, ctx.failure()));

    HttpServerOptions options = new HttpServerOptions().setPort(settings.httpPort())
        .setIdleTimeout(HttpConnectionLimit.idleTimeoutSeconds(config())).setIdleTimeoutUnit(TimeUnit.SECONDS);
    return Future.all(List.of(
        vertx.createHttpServer(options).connectionHandler(HttpConnectionLimit.of(vertx, config())::admit)
            .requestHandler(router).invalidRequestHandler(InvalidRequests::answer)
            .listen().onSuccess(started -> server = started),
        new ServiceAnswers(vertx).subscribe(AccountStore.CACHE_INVALIDATED, change -> authenticator.forgetAll()),
        new PublicBusApi(requests, listQueries).register(bus, new ServiceAnswers(vertx))));
  }

  private static void assignRequestId(RoutingContext ctx) {
    String requestId = UUID.randomUUID().toString();
    ctx.put(HttpResponses.REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.next();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
