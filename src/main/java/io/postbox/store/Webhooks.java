package io.postbox.store;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.Timestamps;
import io.postbox.contract.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** All SQL about webhooks (SPEC §16): the endpoints of the api, and the claim, attempt and purge of dispatchers. */
final class Webhooks implements WebhookStore {
  private static final String WEBHOOK_COLUMNS = "w.id, w.url, w.event_types, w.enabled, w.description, w.created_at, "
      + "w.updated_at";
  private static final String DELIVERY_COLUMNS = "d.id, d.webhook_id, d.event_id, d.event_type, d.status, "
      + "d.attempt_count, d.next_attempt_at, d.created_at, d.updated_at, d.attempts";
  private static final String NEW_ID = "replace(gen_random_uuid()::text, '-', '')";

  private static final String LOCK_USER = "SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE";

  private static final String CREATE = """
      INSERT INTO webhooks AS w (id, user_id, url, event_types, enabled, description, secret)
      SELECT 'wh_' || %s, $1, $2, $3::text[], $4, $5, $6
      WHERE (SELECT count(*) FROM webhooks WHERE user_id = $1) < $7::int
      RETURNING %s""".formatted(NEW_ID, WEBHOOK_COLUMNS);

  private static final String LIST = "SELECT " + WEBHOOK_COLUMNS
      + " FROM webhooks w WHERE w.user_id = $1 ORDER BY w.created_at DESC, w.seq DESC";

  private static final String GET = "SELECT " + WEBHOOK_COLUMNS + " FROM webhooks w WHERE w.id = $1 AND w.user_id = $2";

  private static final String UPDATE = """
      UPDATE webhooks w SET
        url = COALESCE($3, w.url),
        event_types = COALESCE($4::text[], w.event_types),
        enabled = COALESCE($5, w.enabled),
        description = CASE WHEN $6 THEN $7 ELSE w.description END,
        updated_at = date_trunc('milliseconds', now())
      WHERE w.id = $1 AND w.user_id = $2
      RETURNING %s""".formatted(WEBHOOK_COLUMNS);

  private static final String FAIL_PENDING = """
      UPDATE webhook_deliveries SET
        status = 'failed',
        next_attempt_at = NULL,
        attempts = attempts || jsonb_build_array(jsonb_build_object('attempted_at', $2::text,
          'response_status', NULL, 'duration_ms', NULL, 'error', 'webhook disabled', 'response_body', NULL)),
        updated_at = date_trunc('milliseconds', now())
      WHERE webhook_id = $1 AND status = 'pending'""";

  private static final String DELETE = "DELETE FROM webhooks WHERE id = $1 AND user_id = $2 RETURNING id";

  private static final String TEST = """
      WITH target AS (
        SELECT id, user_id FROM webhooks WHERE id = $1 AND user_id = $2
      ), event AS (
        INSERT INTO webhook_outbox (id, user_id, event_type, payload)
        SELECT 'msg_' || %1$s, target.user_id, 'webhook.test', $3 FROM target
        RETURNING id
      )
      INSERT INTO webhook_deliveries AS d (id, webhook_id, event_id, event_type, next_attempt_at)
      SELECT 'whd_' || %1$s, target.id, event.id, 'webhook.test', now() FROM target, event
      RETURNING %2$s""".formatted(NEW_ID, DELIVERY_COLUMNS);

  private static final String REPLAY = """
      INSERT INTO webhook_deliveries AS d (id, webhook_id, event_id, event_type, next_attempt_at)
      SELECT 'whd_' || %s, o.webhook_id, o.event_id, o.event_type, now()
      FROM webhook_deliveries o JOIN webhooks w ON w.id = o.webhook_id
      WHERE o.id = $1 AND o.webhook_id = $2 AND w.user_id = $3
      RETURNING %s""".formatted(NEW_ID, DELIVERY_COLUMNS);

  private static final String DELIVERIES = """
      SELECT %s FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
      WHERE d.webhook_id = $1 AND w.user_id = $2 AND ($3::text IS NULL OR d.status = $3)
      ORDER BY d.created_at DESC, d.seq DESC
      LIMIT $4::int OFFSET $5::bigint""".formatted(DELIVERY_COLUMNS);

  /** Takes due rows no other dispatcher holds and leases them by moving {@code next_attempt_at} past the attempt. */
  private static final String CLAIM = """
      WITH due AS (
        SELECT id FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT $1::int
        FOR UPDATE SKIP LOCKED
      )
      UPDATE webhook_deliveries d SET next_attempt_at = now() + $2::bigint * interval '1 millisecond'
      FROM due, webhook_outbox o, webhooks w
      WHERE d.id = due.id AND o.id = d.event_id AND w.id = d.webhook_id
      RETURNING d.id, d.event_id, d.attempt_count, o.payload, w.url, w.secret""";

  /** Records an attempt; a delivery that was failed meanwhile (webhook disabled) keeps its status. */
  private static final String ATTEMPT = """
      UPDATE webhook_deliveries SET
        attempt_count = attempt_count + 1,
        attempts = attempts || jsonb_build_array($2::text::jsonb),
        status = CASE WHEN status = 'pending' THEN $3 ELSE status END,
        next_attempt_at = CASE WHEN status = 'pending' AND $3 = 'pending'
          THEN now() + $4::bigint * interval '1 millisecond' ELSE NULL END,
        updated_at = date_trunc('milliseconds', now())
      WHERE id = $1""";

  private static final String PURGE_DELIVERIES =
      "DELETE FROM webhook_deliveries WHERE created_at < now() - $1::int * interval '1 day'";

  private static final String PURGE_EVENTS = """
      DELETE FROM webhook_outbox o WHERE o.created_at < now() - $1::int * interval '1 day'
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = o.id)""";

  private final Pool pool;

  Webhooks(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Webhook> create(NewWebhook webhook) {
    long userId = webhook.userId();
    int max = webhook.maxPerUser();
    Tuple args = Tuple.of(userId, webhook.url(), webhook.eventTypes().toArray(String[]::new), webhook.enabled(),
        webhook.description(), webhook.secret(), max);
    return pool.withTransaction(connection -> connection.preparedQuery(LOCK_USER).execute(Tuple.of(userId))
        .compose(user -> {
          if (user.size() == 0) {
            return Future.failedFuture(new ApiErrorException(ApiError.unauthenticated()));
          }
          return connection.preparedQuery(CREATE).execute(args);
        })
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ApiErrorException(ApiError.validation("Maximum of " + max + " webhooks allowed")))
            : Future.succeededFuture(webhook(rows.iterator().next(), webhook.secret()))));
  }

  @Override
  public Future<WebhookList> list(UserWebhooks query) {
    return pool.preparedQuery(LIST).execute(Tuple.of(query.userId())).map(rows -> {
      List<Webhook> data = new ArrayList<>(rows.size());
      rows.forEach(row -> data.add(webhook(row, null)));
      return new WebhookList(data);
    });
  }

  @Override
  public Future<Webhook> get(WebhookRef ref) {
    return pool.preparedQuery(GET).execute(Tuple.of(ref.webhookId(), ref.userId()))
        .compose(rows -> single(rows, ref.webhookId()).map(row -> webhook(row, null)));
  }

  @Override
  public Future<Webhook> update(WebhookUpdate update) {
    String id = update.ref().webhookId();
    List<String> types = update.eventTypes();
    Tuple args = Tuple.of(id, update.ref().userId(), update.url(),
        types == null ? null : types.toArray(String[]::new),
        update.enabled(), update.descriptionChanged(), update.description());
    boolean disabling = Boolean.FALSE.equals(update.enabled());
    return pool.withTransaction(connection -> connection.preparedQuery(UPDATE).execute(args)
        .compose(rows -> single(rows, id))
        .compose(row -> !disabling ? Future.succeededFuture(row) : connection.preparedQuery(FAIL_PENDING)
            .execute(Tuple.of(id, Timestamps.format(Timestamps.nowMillis()))).map(row)))
        .map(row -> webhook(row, null));
  }

  @Override
  public Future<Void> delete(WebhookRef ref) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(ref.webhookId(), ref.userId()))
        .compose(rows -> single(rows, ref.webhookId())).mapEmpty();
  }

  @Override
  public Future<Delivery> test(WebhookRef ref) {
    String id = ref.webhookId();
    return pool.preparedQuery(TEST).execute(Tuple.of(id, ref.userId(), WebhookOutbox.testPayload(id)))
        .compose(rows -> single(rows, id)).map(Webhooks::delivery);
  }

  @Override
  public Future<DeliveryPage> deliveries(DeliveriesQuery query) {
    String id = query.ref().webhookId();
    long userId = query.ref().userId();
    int limit = query.limit();
    String status = query.status() == null ? null : query.status().wireName();
    Tuple args = Tuple.of(id, userId, status, limit + 1, query.offset());
    return pool.preparedQuery(DELIVERIES).execute(args).compose(rows -> {
      List<Delivery> data = new ArrayList<>(Math.min(rows.size(), limit));
      for (Row row : rows) {
        if (data.size() < limit) {
          data.add(delivery(row));
        }
      }
      DeliveryPage page = new DeliveryPage(rows.size() > limit, data);
      if (rows.size() > 0) {
        return Future.succeededFuture(page);
      }
      return pool.preparedQuery(GET).execute(Tuple.of(id, userId)).compose(found -> single(found, id).map(page));
    });
  }

  @Override
  public Future<Delivery> replay(Replay replay) {
    String id = replay.ref().webhookId();
    String deliveryId = replay.deliveryId();
    long userId = replay.ref().userId();
    return pool.preparedQuery(REPLAY).execute(Tuple.of(deliveryId, id, userId)).compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture(delivery(rows.iterator().next()));
      }
      return pool.preparedQuery(GET).execute(Tuple.of(id, userId)).compose(found -> single(found, id))
          .compose(webhook -> Future.failedFuture(new ApiErrorException(
              ApiError.notFound("Delivery with ID " + deliveryId + " not found."))));
    });
  }

  @Override
  public Future<DueDeliveries> claim(Claim claim) {
    Tuple args = Tuple.of(claim.limit(), claim.leaseMillis());
    return pool.preparedQuery(CLAIM).execute(args).map(rows -> {
      List<DueDelivery> deliveries = new ArrayList<>(rows.size());
      for (Row row : rows) {
        deliveries.add(new DueDelivery(row.getString("id"), row.getString("event_id"), row.getInteger("attempt_count"),
            row.getString("payload"), row.getString("url"), row.getString("secret")));
      }
      return new DueDeliveries(deliveries);
    });
  }

  @Override
  public Future<Void> attempt(AttemptMade made) {
    Attempt attempt = made.attempt();
    JsonObject stored = new JsonObject()
        .put("attempted_at", Timestamps.format(attempt.attemptedAt()))
        .put("response_status", attempt.responseStatus())
        .put("duration_ms", attempt.durationMs())
        .put("error", attempt.error())
        .put("response_body", attempt.responseBody());
    Tuple args = Tuple.of(made.deliveryId(), stored.encode(), made.status().wireName(), made.retryInMillis());
    return pool.preparedQuery(ATTEMPT).execute(args).mapEmpty();
  }

  @Override
  public Future<Purged> purge(Purge purge) {
    Tuple args = Tuple.of(purge.retentionDays());
    return pool.preparedQuery(PURGE_DELIVERIES).execute(args).compose(deliveries ->
        pool.preparedQuery(PURGE_EVENTS).execute(args).map(events ->
            new Purged(deliveries.rowCount(), events.rowCount())));
  }

  private static Future<Row> single(RowSet<Row> rows, String webhookId) {
    if (rows.size() == 0) {
      return Future.failedFuture(
          new ApiErrorException(ApiError.notFound("Webhook with ID " + webhookId + " not found.")));
    }
    return Future.succeededFuture(rows.iterator().next());
  }

  private static Webhook webhook(Row row, String secret) {
    return new Webhook(row.getString("id"), row.getString("url"), List.of(row.getArrayOfStrings("event_types")),
        row.getBoolean("enabled"), row.getString("description"), instant(row, "created_at"),
        instant(row, "updated_at"), secret);
  }

  private static Delivery delivery(Row row) {
    List<Attempt> attempts = new ArrayList<>();
    if (row.getValue("attempts") instanceof JsonArray stored) {
      for (Object item : stored) {
        JsonObject attempt = (JsonObject) item;
        attempts.add(new Attempt(Timestamps.parse(attempt.getString("attempted_at")),
            attempt.getInteger("response_status"), attempt.getLong("duration_ms"), attempt.getString("error"),
            attempt.getString("response_body")));
      }
    }
    return new Delivery(row.getString("id"), row.getString("webhook_id"), row.getString("event_id"),
        row.getString("event_type"), DeliveryStatus.ofWireName(row.getString("status")),
        row.getInteger("attempt_count"), instant(row, "next_attempt_at"), instant(row, "created_at"),
        instant(row, "updated_at"), attempts);
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime time = row.getOffsetDateTime(column);
    return time == null ? null : time.toInstant();
  }
}
