package io.postbox.api;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.ApiKeys;
import io.postbox.contract.DeliveriesQueryValidator;
import io.postbox.contract.EventsQueryValidator;
import io.postbox.contract.IdempotencyKeys;
import io.postbox.contract.ListQueryValidator;
import io.postbox.contract.PostboxMetrics;
import io.postbox.contract.Replies;
import io.postbox.contract.Schemas;
import io.postbox.contract.SendRequestValidator;
import io.postbox.contract.StatsQueryValidator;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** HTTP routes and the public event-bus addresses; decisions live in the plain classes it wires. */
public final class ApiVerticle extends VerticleBase {
  private static final String SEND_PATH = "/v1/transactional/email/send";
  private static final String EMAILS_PATH = "/v1/transactional/email";
  private static final String WEBHOOKS_PATH = "/v1/webhooks";
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  private Authenticator authenticator;
  private SendRateLimiter rateLimiter;
  private final SendBodyReader bodyReader = new SendBodyReader();
  private final ListQueryValidator listQueries = new ListQueryValidator();
  private EmailRequests requests;
  private WebhookRequests webhooks;
  private HealthChecks health;
  private HttpServer server;

  @Override
  public Future<?> start() {
    ApiSettings settings = ApiSettings.from(config());
    EventBus bus = vertx.eventBus();
    authenticator = new Authenticator(new ApiKeys(settings.apiKeySecret()), bus, System::currentTimeMillis);
    rateLimiter = vertx.isClustered()
        ? new ClusterRateLimiter(vertx.sharedData())
        : (RateLimiter) vertx.sharedData().getLocalMap("postbox.api").computeIfAbsent("rateLimiter", name -> new RateLimiter());
    requests = new EmailRequests(bus, new SendRequestValidator(), settings.defaultFrom());
    health = new HealthChecks(vertx);
    JsonObject webhookConfig = config().getJsonObject("webhooks", new JsonObject());
    webhooks = new WebhookRequests(bus, new TargetCheck(vertx, webhookConfig.getBoolean("allowPrivateTargets", false),
        java.net.InetAddress::getAllByName), webhookConfig.getInteger("maxPerUser", 10));

    Router router = Router.router(vertx);
    router.route().handler(this::assignRequestId);
    router.route().handler(HttpMetrics::countOnEnd);
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    router.get("/health/live").handler(ctx -> HttpResponses.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> health.ready()
        .onSuccess(report -> HttpResponses.json(ctx, "UP".equals(report.getString("status")) ? 200 : 503, report)));
    ApiDocs.load().mount(router);
    router.post(SEND_PATH).handler(this::send);
    router.get(EMAILS_PATH).handler(ctx -> authenticated(ctx, caller ->
        requests.list(caller.userId(), listQueries.fromHttp(QueryParams.of(ctx.request().uri())))));
    router.get(EMAILS_PATH + "/stats").handler(ctx -> authenticated(ctx, caller -> requests.stats(caller.userId(),
        StatsQueryValidator.fromHttp(QueryParams.of(ctx.request().uri()), Instant.now()))));
    router.get(EMAILS_PATH + "/:emailId/events").handler(ctx -> authenticated(ctx, caller ->
        requests.events(caller.userId(), ctx.pathParam("emailId"),
            EventsQueryValidator.fromHttp(QueryParams.of(ctx.request().uri())))));
    router.get(EMAILS_PATH + "/:emailId").handler(ctx -> authenticated(ctx, caller ->
        requests.get(caller.userId(), ctx.pathParam("emailId"))));
    router.post(WEBHOOKS_PATH).handler(ctx -> withBody(ctx, 201, (caller, body) ->
        webhooks.create(caller.userId(), body)));
    router.get(WEBHOOKS_PATH).handler(ctx -> authenticated(ctx, caller -> webhooks.list(caller.userId())));
    router.get(WEBHOOKS_PATH + "/:webhookId").handler(ctx -> authenticated(ctx, caller ->
        webhooks.get(caller.userId(), ctx.pathParam("webhookId"))));
    router.patch(WEBHOOKS_PATH + "/:webhookId").handler(ctx -> withBody(ctx, 200, (caller, body) ->
        webhooks.update(caller.userId(), ctx.pathParam("webhookId"), body)));
    router.delete(WEBHOOKS_PATH + "/:webhookId").handler(ctx -> authenticated(ctx, caller ->
        webhooks.delete(caller.userId(), ctx.pathParam("webhookId"))));
    router.post(WEBHOOKS_PATH + "/:webhookId/test").handler(ctx -> withBody(ctx, 202, (caller, body) ->
        webhooks.test(caller.userId(), ctx.pathParam("webhookId"))));
    router.get(WEBHOOKS_PATH + "/:webhookId/deliveries").handler(ctx -> authenticated(ctx, caller ->
        webhooks.deliveries(caller.userId(), ctx.pathParam("webhookId"),
            DeliveriesQueryValidator.fromHttp(QueryParams.of(ctx.request().uri())))));
    router.post(WEBHOOKS_PATH + "/:webhookId/deliveries/:deliveryId/replay").handler(ctx -> withBody(ctx, 202,
        (caller, body) -> webhooks.replay(caller.userId(), ctx.pathParam("webhookId"), ctx.pathParam("deliveryId"))));
    JsonObject callback = config().getJsonObject("callback", new JsonObject());
    if (callback.getBoolean("enabled", false)) {
      router.post("/v1/callback/email").handler(new CallbackRoute(bus, callback.getString("basicAuth"))::handle);
    }
    router.route().last().handler(ctx -> HttpResponses.error(ctx, ApiError.notFound("Not found")));
    router.errorHandler(404, ctx -> HttpResponses.error(ctx, ApiError.notFound("Not found")));
    router.errorHandler(405, ctx -> HttpResponses.error(ctx, ApiError.notFound("Not found")));
    router.errorHandler(500, ctx -> HttpResponses.failure(ctx, ctx.failure()));

    HttpServerOptions options = new HttpServerOptions()
        .setPort(settings.httpPort())
        .setMaxFormAttributeSize((int) SendBodyReader.MULTIPART_BODY_LIMIT)
        .setMaxFormFields(-1)
        .setMaxFormBufferedBytes(-1);
    return Future.all(List.of(
        vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(started -> server = started),
        bus.consumer(Addresses.CACHE_INVALIDATED, message -> authenticator.forgetAll()).completion(),
        bus.<JsonObject>consumer(Addresses.EMAIL_SEND, this::sendFromBus).completion(),
        Replies.consume(bus, Addresses.EMAIL_GET, this::getFromBus),
        Replies.consume(bus, Addresses.EMAIL_LIST, this::listFromBus)));
  }

  private void assignRequestId(RoutingContext ctx) {
    String requestId = UUID.randomUUID().toString();
    ctx.put(HttpResponses.REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.next();
  }

  private void send(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    authenticator.authenticate(request.getHeader("Authorization"))
        .compose(caller -> rateLimiter.count(caller.userId(), caller.rateLimit(), System.currentTimeMillis())
            .compose(decision -> countedSend(ctx, caller, decision)))
        .onSuccess(outcome -> {
          PostboxMetrics.count("postbox_sends_total", "outcome", outcome.replayed() ? "replayed" : "accepted");
          if (outcome.replayed()) {
            ctx.response().putHeader(IDEMPOTENT_REPLAYED, "true");
          }
          HttpResponses.json(ctx, outcome.status(), outcome.body());
        })
        .onFailure(failure -> {
          discardRestOfBody(request);
          ApiError error = ApiError.fromFailure(failure);
          PostboxMetrics.count("postbox_sends_total", "outcome", error == null ? "internal_server" : error.code());
          HttpResponses.failure(ctx, failure);
        });
  }

  /** Steps 3–4 of SPEC §4.3 once the request has been counted, then the send itself. */
  private Future<SendOutcome> countedSend(RoutingContext ctx, Caller caller, RateLimiter.Decision decision) {
    HttpServerRequest request = ctx.request();
    putRateLimitHeaders(ctx, decision);
    if (!decision.allowed()) {
      PostboxMetrics.count("postbox_rate_limited_total");
      ctx.response().putHeader("Retry-After", "1");
      return Future.failedFuture(new ApiErrorException(
          new ApiError(429, "rate_limit", "Too many requests. Please try again later.")));
    }
    String idempotencyKey = request.getHeader("Idempotency-Key");
    if (idempotencyKey != null && !IdempotencyKeys.isValidSyntax(idempotencyKey)) {
      return Future.failedFuture(new ApiErrorException(IdempotencyKeys.check(idempotencyKey)));
    }
    return bodyReader.read(request).compose(body -> requests.send(caller.userId(), body.fields(),
        body.attachments(), idempotencyKey, ctx.get(HttpResponses.REQUEST_ID)));
  }

  private static void putRateLimitHeaders(RoutingContext ctx, RateLimiter.Decision decision) {
    String limit = Integer.toString(decision.limit());
    String remaining = Integer.toString(decision.remaining());
    ctx.response()
        .putHeader("RateLimit-Limit", limit)
        .putHeader("RateLimit-Remaining", remaining)
        .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()))
        .putHeader("X-RateLimit-Limit", limit)
        .putHeader("X-RateLimit-Remaining", remaining);
  }

  private static void discardRestOfBody(HttpServerRequest request) {
    if (!request.isEnded()) {
      request.handler(ignored -> { });
      request.resume();
    }
  }

  private void authenticated(RoutingContext ctx, java.util.function.Function<Caller, Future<JsonObject>> action) {
    authenticator.authenticate(ctx.request().getHeader("Authorization"))
        .compose(action)
        .onSuccess(body -> HttpResponses.json(ctx, 200, body))
        .onFailure(failure -> HttpResponses.failure(ctx, failure));
  }

  /** Webhook routes: authenticate, then read the (small JSON) body, then act; answers {@code status}. */
  private void withBody(RoutingContext ctx, int status,
      java.util.function.BiFunction<Caller, JsonObject, Future<JsonObject>> action) {
    HttpServerRequest request = ctx.request();
    request.pause();
    authenticator.authenticate(request.getHeader("Authorization"))
        .compose(caller -> JsonBodyReader.read(request).compose(body -> action.apply(caller, body)))
        .onSuccess(body -> HttpResponses.json(ctx, status, body))
        .onFailure(failure -> {
          discardRestOfBody(request);
          HttpResponses.failure(ctx, failure);
        });
  }

  /** SPEC §19; the optional {@code Idempotency-Key} travels as a message header, a replay carries one back. */
  private void sendFromBus(Message<JsonObject> message) {
    Future<SendOutcome> sent;
    try {
      sent = sendFromBus(message.body(), message.headers().get(IDEMPOTENCY_KEY));
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    sent
        .onSuccess(outcome -> {
          if (!outcome.succeeded()) {
            message.fail(outcome.status(), outcome.body().encode());
          } else if (outcome.replayed()) {
            message.reply(outcome.body(), new DeliveryOptions().addHeader(IDEMPOTENT_REPLAYED, "true"));
          } else {
            message.reply(outcome.body());
          }
        })
        .onFailure(failure -> Replies.fail(message, failure));
  }

  private Future<SendOutcome> sendFromBus(JsonObject body, String idempotencyKey) {
    return checked("email-send-message.json", body)
        .compose(valid -> requests.knownUser(body.getLong("user_id")))
        .compose(userId -> idempotencyKey != null && !IdempotencyKeys.isValidSyntax(idempotencyKey)
            ? Future.failedFuture(new ApiErrorException(IdempotencyKeys.check(idempotencyKey)))
            : requests.send(userId, body.getJsonObject("request"), List.of(), idempotencyKey, null));
  }

  private Future<JsonObject> getFromBus(JsonObject message) {
    return checked("email-get-message.json", message).compose(valid -> requests.knownUser(message.getLong("user_id")))
        .compose(userId -> requests.get(userId, message.getString("email_id")));
  }

  private Future<JsonObject> listFromBus(JsonObject message) {
    return checked("email-list-message.json", message).compose(valid -> requests.knownUser(message.getLong("user_id")))
        .compose(userId -> requests.list(userId,
            listQueries.fromBus(message.getJsonObject("query", new JsonObject()))));
  }

  private static Future<Void> checked(String schema, JsonObject message) {
    ApiError error = Schemas.instance().checkEnvelope(schema, message);
    return error == null ? Future.succeededFuture() : Future.failedFuture(new ApiErrorException(error));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
