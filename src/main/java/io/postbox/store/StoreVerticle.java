package io.postbox.store;

import io.postbox.bus.Meters;
import io.postbox.bus.ServiceAnswers;
import io.postbox.bus.ServiceCalls;
import io.postbox.contract.AccountStore.CacheChange;
import io.postbox.contract.AccountStore.UserLookup;
import io.postbox.contract.AccountStore;
import io.postbox.contract.EmailStore;
import io.postbox.contract.Endpoint;
import io.postbox.contract.IdempotencyStore;
import io.postbox.contract.PublicEmailApi;
import io.postbox.contract.StatusChange;
import io.postbox.contract.SuppressionStore;
import io.postbox.contract.WebhookStore.Delivery;
import io.postbox.contract.WebhookStore.Wake;
import io.postbox.contract.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The only verticle that talks to PostgreSQL: migrations at start, then the store addresses. */
public final class StoreVerticle extends VerticleBase {
  /** PostgreSQL channel on which the admin CLI announces changes to cached data. */
  public static final String CACHE_CHANNEL = "postbox_cache";
  private static final Duration FIRST_CONNECTION_ATTEMPT = Duration.ofSeconds(10);
  private static final Duration FIRST_CONNECTION_BUDGET = Duration.ofSeconds(60);
  private static final long IDEMPOTENCY_PURGE_MS = 10 * 60 * 1000L;
  private static final int STATS_BACKFILL_BATCH = 5_000;
  private static final long STATS_BACKFILL_PAUSE_MS = 20;
  private static final long STATS_BACKFILL_RETRY_MS = 5_000;
  private static final int STATS_FOLD_BATCH = 2_000;
  private static final long STATS_FOLD_EVERY_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(StoreVerticle.class);

  private Pool pool;
  private TransientRetries retries;
  private ServiceAnswers answers;
  private ServiceCalls calls;
  private PgSubscriber subscriber;
  private volatile boolean stopping;

  @Override
  public Future<?> start() {
    StoreSettings settings = StoreSettings.from(config());
    pool = PgBuilder.pool().with(settings.poolOptions()).connectingTo(settings.connectOptions()).using(vertx).build();
    retries = new TransientRetries(vertx);
    answers = new ServiceAnswers(vertx);
    calls = new ServiceCalls(vertx);
    Emails emails = new Emails(pool);
    ScheduledEmails scheduled = new ScheduledEmails(pool);
    Accounts accounts = new Accounts(pool);
    Webhooks webhooks = new Webhooks(pool);
    IdempotencyClaims idempotency = new IdempotencyClaims(pool);
    EmailStats stats = new EmailStats(pool);
    Suppressions suppressions = new Suppressions(pool);
    EventBatcher batcher = new EventBatcher(vertx, new StatusEvents(pool, settings.machineOpenWindow()),
        this::publishStatusChange);
    WriteBatcher<EmailStore.NewEmail, EmailStore.Created> creates =
        new WriteBatcher<>(vertx, emails::createMany, emails::create);
    WriteBatcher<EmailStore.Acceptance, EmailStore.Accepted> acceptances =
        new WriteBatcher<>(vertx, emails::acceptedMany, emails::accepted);
    return new FirstConnection(vertx, FIRST_CONNECTION_ATTEMPT, FIRST_CONNECTION_BUDGET).await(pool)
        .compose(connected -> Migrations.apply(vertx, pool))
        .compose(applied -> Future.all(List.of(
        answer(EmailStore.CREATE, creates::submit),
        answer(EmailStore.ACCEPTED, acceptance -> acceptances.submit(acceptance)
            .onSuccess(accepted -> publishAcceptance(accepted.change()))),
        answer(EmailStore.APPLY_EVENTS, batcher::submit),
        answer(EmailStore.CLAIM_DUE, scheduled::claimDue),
        answer(EmailStore.SCHEDULED, scheduled::scheduled),
        answer(EmailStore.CANCEL, query -> scheduled.cancel(query)
            .onSuccess(cancelled -> publishStatusChange(cancelled.change()))
            .map(cancelled -> new EmailStore.EmailObject(cancelled.email()))),
        answer(EmailStore.CREATE_MANY, batch -> emails.createMany(batch.emails()).map(EmailStore.CreatedEmails::new)),
        answer(EmailStore.ACCEPTED_MANY, batch -> emails.acceptedMany(batch.acceptances())
            .onSuccess(accepted -> accepted.forEach(one -> publishAcceptance(one.change())))
            .map(EmailStore.AcceptedEmails::new)),
        answer(EmailStore.EVENTS, emails::events),
        answer(EmailStore.SEND_FAILED, emails::sendFailed),
        answer(EmailStore.GET, emails::get),
        answer(EmailStore.LIST, emails::list),
        answer(EmailStore.STATS, stats::stats),
        answer(AccountStore.API_KEY, accounts::apiKey),
        answer(AccountStore.USER, accounts::user),
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
        answer(SuppressionStore.ADD, suppressions::add),
        answer(SuppressionStore.LIST, suppressions::list),
        answer(SuppressionStore.GET, suppressions::get),
        answer(SuppressionStore.DELETE, suppressions::delete),
        answer(SuppressionStore.CHECK, suppressions::check),
        listenForCacheChanges(settings))))
        .onSuccess(started -> purgeIdempotencyKeysPeriodically(idempotency))
        .onSuccess(started -> sweepRetention(new RetentionSweep(new Retention(pool), RetentionSettings.from(config()))))
        .onSuccess(started -> backfillStats(new StatsBackfill(pool)))
        .onSuccess(started -> foldStatsSlotsPeriodically(new StatsCompaction(pool)));
  }

  /** Every store endpoint answers a database fault as SPEC §24 says: bounded retries, then 503. */
  private <Q, R> Future<Void> answer(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
    return answers.answer(endpoint, retries.around(handler));
  }

  private void purgeIdempotencyKeysPeriodically(IdempotencyClaims idempotency) {
    vertx.setPeriodic(IDEMPOTENCY_PURGE_MS, IDEMPOTENCY_PURGE_MS, id -> idempotency.purgeExpired()
        .onSuccess(count -> LOG.debug("Purged {} expired idempotency keys", count))
        .onFailure(failure -> LOG.warn("Purging expired idempotency keys failed", failure)));
  }

  /** SPEC §31: one batch at a time, each step saying how long to wait before the next. */
  private void sweepRetention(RetentionSweep sweep) {
    sweep.step().onSuccess(step -> {
      if (!stopping) {
        vertx.setTimer(Math.max(1, step.delayMs()), id -> sweepRetention(sweep));
      }
    });
  }

  /** Runs the one-off statistics backfill to its end in small batches, pausing between them; nothing once done. */
  private void backfillStats(StatsBackfill backfill) {
    backfill.step(STATS_BACKFILL_BATCH).onComplete(step -> {
      if (step.succeeded() && !step.result()) {
        LOG.debug("Statistics backfill finished");
        return;
      }
      if (step.failed()) {
        LOG.warn("A statistics backfill step failed; retrying", step.cause());
      }
      vertx.setTimer(step.succeeded() ? STATS_BACKFILL_PAUSE_MS : STATS_BACKFILL_RETRY_MS,
          id -> backfillStats(backfill));
    });
  }

  /** Every minute, folds the settled hours' rollup slots, in batches until a batch comes back short. */
  private void foldStatsSlotsPeriodically(StatsCompaction compaction) {
    vertx.setPeriodic(STATS_FOLD_EVERY_MS, STATS_FOLD_EVERY_MS, id -> foldStatsSlots(compaction));
  }

  private void foldStatsSlots(StatsCompaction compaction) {
    compaction.foldSettled(STATS_FOLD_BATCH)
        .onSuccess(taken -> {
          if (taken == STATS_FOLD_BATCH) {
            vertx.setTimer(STATS_BACKFILL_PAUSE_MS, id -> foldStatsSlots(compaction));
          }
        })
        .onFailure(failure -> LOG.warn("Folding the statistics slots failed", failure));
  }

  private Future<Void> listenForCacheChanges(StoreSettings settings) {
    subscriber = PgSubscriber.subscriber(vertx, settings.connectOptions())
        .reconnectPolicy(retries -> retries < 1000 ? 1000L : -1L);
    subscriber.channel(CACHE_CHANNEL).handler(payload ->
        calls.publish(AccountStore.CACHE_INVALIDATED, new CacheChange(payload)));
    return subscriber.connect();
  }

  private void publishAcceptance(StatusChange change) {
    if (change != null) {
      Meters.count("postbox_status_changes_total", "to", change.status());
    }
    publishStatusChange(change);
  }

  private void publishStatusChange(StatusChange change) {
    if (change != null) {
      calls.publish(PublicEmailApi.STATUS_CHANGED, change.toJson());
    }
  }

  private void wakeDeliveryLoops(Delivery delivery) {
    calls.publish(WebhookStore.WAKE, new Wake(delivery.id()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    Future<Void> unsubscribed = subscriber == null ? Future.succeededFuture() : subscriber.close();
    return Future.join(unsubscribed, pool.close());
  }
}
