package io.postbox.store;

import io.postbox.bus.Meters;
import io.postbox.bus.Replies;
import io.postbox.bus.ServiceAnswers;
import io.postbox.bus.ServiceCalls;
import io.postbox.contract.AccountStore;
import io.postbox.contract.AccountStore.CacheChange;
import io.postbox.contract.AccountStore.UserLookup;
import io.postbox.contract.Addresses;
import io.postbox.contract.Endpoint;
import io.postbox.contract.IdempotencyStore;
import io.postbox.contract.WebhookStore;
import io.postbox.contract.WebhookStore.Delivery;
import io.postbox.contract.WebhookStore.Wake;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The only verticle that talks to PostgreSQL: migrations at start, then the store addresses. */
public final class StoreVerticle extends VerticleBase {
  /** PostgreSQL channel on which the admin CLI announces changes to cached data. */
  public static final String CACHE_CHANNEL = "postbox_cache";
  private static final long IDEMPOTENCY_PURGE_MS = 10 * 60 * 1000L;
  private static final Logger LOG = LoggerFactory.getLogger(StoreVerticle.class);

  private Pool pool;
  private TransientRetries retries;
  private ServiceAnswers answers;
  private ServiceCalls calls;
  private PgSubscriber subscriber;

  @Override
  public Future<?> start() {
    StoreSettings settings = StoreSettings.from(config());
    pool = PgBuilder.pool().with(settings.poolOptions()).connectingTo(settings.connectOptions()).using(vertx).build();
    retries = new TransientRetries(vertx);
    answers = new ServiceAnswers(vertx);
    calls = new ServiceCalls(vertx);
    Emails emails = new Emails(pool);
    Accounts accounts = new Accounts(pool);
    Webhooks webhooks = new Webhooks(pool);
    IdempotencyClaims idempotency = new IdempotencyClaims(pool);
    EmailStats stats = new EmailStats(pool);
    EventBatcher batcher = new EventBatcher(vertx, new StatusEvents(pool, settings.machineOpenWindow()),
        this::publishStatusChange);
    WriteBatcher creates = new WriteBatcher(vertx, emails::createMany, emails::create);
    WriteBatcher acceptances = new WriteBatcher(vertx, emails::acceptedMany, emails::accepted);
    return Migrations.apply(vertx, pool).compose(applied -> Future.all(List.of(
        consume(Addresses.STORE_EMAIL_CREATE, creates::submit),
        consume(Addresses.STORE_EMAIL_ACCEPTED, command -> acceptances.submit(command)
            .onSuccess(accepted -> publishAcceptance(accepted.getJsonObject("status_change")))),
        consume(Addresses.STORE_EVENTS_APPLY, batcher::submit),
        consume(Addresses.STORE_EMAIL_EVENTS, emails::events),
        consume(Addresses.STORE_EMAIL_SEND_FAILED, emails::sendFailed),
        consume(Addresses.STORE_EMAIL_GET, emails::get),
        consume(Addresses.STORE_EMAIL_LIST, emails::list),
        answer(AccountStore.API_KEY, accounts::apiKey),
        answer(AccountStore.USER, accounts::user),
        consume(Addresses.STORE_USER_GET, query -> accounts.user(new UserLookup(query.getLong("user_id")))
            .map(user -> new JsonObject().put("user_id", user.userId()).put("email", user.email())
                .put("rate_limit", user.rateLimit()))),
        answer(AccountStore.PING, ignored -> accounts.ping()),
        answer(WebhookStore.CREATE, webhooks::create),
        answer(WebhookStore.LIST, webhooks::list),
        answer(WebhookStore.GET, webhooks::get),
        answer(WebhookStore.UPDATE, webhooks::update),
        answer(WebhookStore.DELETE, webhooks::delete),
        answer(WebhookStore.TEST, ref -> webhooks.test(ref).onSuccess(this::wakeDeliveryLoops)),
        answer(WebhookStore.DELIVERIES, webhooks::deliveries),
        answer(WebhookStore.REPLAY, replay -> webhooks.replay(replay).onSuccess(this::wakeDeliveryLoops)),
        answer(WebhookStore.CLAIM, webhooks::claim),
        answer(WebhookStore.ATTEMPT, webhooks::attempt),
        answer(WebhookStore.PURGE, webhooks::purge),
        answer(IdempotencyStore.CLAIM, idempotency::claim),
        answer(IdempotencyStore.FINISH, idempotency::finish),
        answer(IdempotencyStore.RELEASE, idempotency::release),
        consume(Addresses.STORE_EMAIL_STATS, stats::stats),
        listenForCacheChanges(settings))))
        .onSuccess(started -> purgeIdempotencyKeysPeriodically(idempotency));
  }

  /** Every store address answers a database fault as SPEC §24 says: bounded retries, then 503. */
  private Future<Void> consume(String address, Function<JsonObject, Future<JsonObject>> handler) {
    return Replies.consume(vertx.eventBus(), address, retries.around(handler));
  }

  private <Q, R> Future<Void> answer(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
    return answers.answer(endpoint, retries.around(handler));
  }

  private void purgeIdempotencyKeysPeriodically(IdempotencyClaims idempotency) {
    vertx.setPeriodic(IDEMPOTENCY_PURGE_MS, IDEMPOTENCY_PURGE_MS, id -> idempotency.purgeExpired()
        .onSuccess(count -> LOG.debug("Purged {} expired idempotency keys", count))
        .onFailure(failure -> LOG.warn("Purging expired idempotency keys failed", failure)));
  }

  private Future<Void> listenForCacheChanges(StoreSettings settings) {
    subscriber = PgSubscriber.subscriber(vertx, settings.connectOptions())
        .reconnectPolicy(retries -> retries < 1000 ? 1000L : -1L);
    subscriber.channel(CACHE_CHANNEL).handler(payload ->
        calls.publish(AccountStore.CACHE_INVALIDATED, new CacheChange(payload)));
    return subscriber.connect();
  }

  private void publishAcceptance(JsonObject change) {
    if (change != null) {
      Meters.count("postbox_status_changes_total", "to", change.getString("status"));
    }
    publishStatusChange(change);
  }

  private void publishStatusChange(JsonObject change) {
    if (change != null) {
      vertx.eventBus().publish(Addresses.EMAIL_STATUS_CHANGED, change);
    }
  }

  private void wakeDeliveryLoops(Delivery delivery) {
    calls.publish(WebhookStore.WAKE, new Wake(delivery.id()));
  }

  @Override
  public Future<?> stop() {
    Future<Void> unsubscribed = subscriber == null ? Future.succeededFuture() : subscriber.close();
    return Future.join(unsubscribed, pool.close());
  }
}
