package io.postbox.store;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/** All SQL about webhooks (SPEC §16): the endpoints of the api, and the claim, attempt and purge of dispatchers. */
final class Webhooks {
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

  /** {@code {user_id, url, event_types, enabled, description, secret, max_per_user}} → resource with its secret. */
  Future<JsonObject> create(JsonObject command) {
    long userId = command.getLong("user_id");
    int max = command.getInteger("max_per_user", 10);
    Tuple args = Tuple.of(userId, command.getString("url"),
        command.getJsonArray("event_types").stream().map(String.class::cast).toArray(String[]::new),
        command.getBoolean("enabled", true), command.getString("description"), command.getString("secret"), max);
    return pool.withTransaction(connection -> connection.preparedQuery(LOCK_USER).execute(Tuple.of(userId))
        .compose(user -> {
          if (user.size() == 0) {
            return Future.failedFuture(new ApiErrorException(ApiError.unauthenticated()));
          }
          return connection.preparedQuery(CREATE).execute(args);
        })
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ApiErrorException(ApiError.validation("Maximum of " + max + " webhooks allowed")))
            : Future.succeededFuture(webhook(rows.iterator().next()).put("secret", command.getString("secret")))));
  }

  Future<JsonObject> list(JsonObject query) {
    return pool.preparedQuery(LIST).execute(Tuple.of(query.getLong("user_id"))).map(rows -> {
      JsonArray data = new JsonArray();
      rows.forEach(row -> data.add(webhook(row)));
      return new JsonObject().put("data", data);
    });
  }

  Future<JsonObject> get(JsonObject query) {
    String id = query.getString("webhook_id");
    return pool.preparedQuery(GET).execute(Tuple.of(id, query.getLong("user_id")))
        .compose(rows -> single(rows, id).map(Webhooks::webhook));
  }

  /** {@code {user_id, webhook_id, changes: {url?, event_types?, enabled?, description?}}}. */
  Future<JsonObject> update(JsonObject command) {
    String id = command.getString("webhook_id");
    JsonObject changes = command.getJsonObject("changes");
    JsonArray types = changes.getJsonArray("event_types");
    Tuple args = Tuple.of(id, command.getLong("user_id"), changes.getString("url"),
        types == null ? null : types.stream().map(String.class::cast).toArray(String[]::new),
        changes.getBoolean("enabled"), changes.containsKey("description"), changes.getString("description"));
    boolean disabling = Boolean.FALSE.equals(changes.getBoolean("enabled"));
    return pool.withTransaction(connection -> connection.preparedQuery(UPDATE).execute(args)
        .compose(rows -> single(rows, id))
        .compose(row -> !disabling ? Future.succeededFuture(row) : connection.preparedQuery(FAIL_PENDING)
            .execute(Tuple.of(id, Timestamps.format(Timestamps.nowMillis()))).map(row)))
        .map(Webhooks::webhook);
  }

  Future<JsonObject> delete(JsonObject command) {
    String id = command.getString("webhook_id");
    return pool.preparedQuery(DELETE).execute(Tuple.of(id, command.getLong("user_id")))
        .compose(rows -> single(rows, id)).map(row -> new JsonObject().put("id", row.getString("id")));
  }

  /** A {@code webhook.test} delivery, also for a disabled webhook. */
  Future<JsonObject> test(JsonObject command) {
    String id = command.getString("webhook_id");
    return pool.preparedQuery(TEST).execute(Tuple.of(id, command.getLong("user_id"), WebhookOutbox.testPayload(id)))
        .compose(rows -> single(rows, id)).map(Webhooks::delivery);
  }

  /** {@code {user_id, webhook_id, limit, offset, status}} → {@code {has_more, data}}, newest first. */
  Future<JsonObject> deliveries(JsonObject query) {
    String id = query.getString("webhook_id");
    long userId = query.getLong("user_id");
    int limit = query.getInteger("limit", 10);
    Tuple args = Tuple.of(id, userId, query.getString("status"), limit + 1, query.getLong("offset", 0L));
    return pool.preparedQuery(DELIVERIES).execute(args).compose(rows -> {
      JsonArray data = new JsonArray();
      for (Row row : rows) {
        if (data.size() < limit) {
          data.add(delivery(row));
        }
      }
      JsonObject page = new JsonObject().put("has_more", rows.size() > limit).put("data", data);
      if (rows.size() > 0) {
        return Future.succeededFuture(page);
      }
      return pool.preparedQuery(GET).execute(Tuple.of(id, userId)).compose(found -> single(found, id).map(page));
    });
  }

  /** A new pending delivery of the same event (same webhook-id and payload). */
  Future<JsonObject> replay(JsonObject command) {
    String id = command.getString("webhook_id");
    String deliveryId = command.getString("delivery_id");
    long userId = command.getLong("user_id");
    return pool.preparedQuery(REPLAY).execute(Tuple.of(deliveryId, id, userId)).compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture(delivery(rows.iterator().next()));
      }
      return pool.preparedQuery(GET).execute(Tuple.of(id, userId)).compose(found -> single(found, id))
          .compose(webhook -> Future.failedFuture(new ApiErrorException(
              ApiError.notFound("Delivery with ID " + deliveryId + " not found."))));
    });
  }

  /** {@code {limit, lease_ms}} → {@code {deliveries: [{id, event_id, attempt_count, payload, url, secret}]}}. */
  Future<JsonObject> claim(JsonObject command) {
    Tuple args = Tuple.of(command.getInteger("limit", 50), command.getLong("lease_ms", 60_000L));
    return pool.preparedQuery(CLAIM).execute(args).map(rows -> {
      JsonArray deliveries = new JsonArray();
      for (Row row : rows) {
        deliveries.add(new JsonObject()
            .put("id", row.getString("id"))
            .put("event_id", row.getString("event_id"))
            .put("attempt_count", row.getInteger("attempt_count"))
            .put("payload", row.getString("payload"))
            .put("url", row.getString("url"))
            .put("secret", row.getString("secret")));
      }
      return new JsonObject().put("deliveries", deliveries);
    });
  }

  /** {@code {delivery_id, attempt: {attempted_at, response_status, duration_ms, error, response_body}, status, retry_in_ms}}. */
  Future<JsonObject> attempt(JsonObject command) {
    Tuple args = Tuple.of(command.getString("delivery_id"), command.getJsonObject("attempt").encode(),
        command.getString("status"), command.getLong("retry_in_ms", 0L));
    return pool.preparedQuery(ATTEMPT).execute(args).map(done -> new JsonObject());
  }

  /** {@code {retention_days}} → {@code {deliveries, events}} deleted. */
  Future<JsonObject> purge(JsonObject command) {
    Tuple args = Tuple.of(command.getInteger("retention_days", 30));
    return pool.preparedQuery(PURGE_DELIVERIES).execute(args).compose(deliveries ->
        pool.preparedQuery(PURGE_EVENTS).execute(args).map(events -> new JsonObject()
            .put("deliveries", deliveries.rowCount()).put("events", events.rowCount())));
  }

  private static Future<Row> single(RowSet<Row> rows, String webhookId) {
    if (rows.size() == 0) {
      return Future.failedFuture(new ApiErrorException(ApiError.notFound("Webhook with ID " + webhookId + " not found.")));
    }
    return Future.succeededFuture(rows.iterator().next());
  }

  static JsonObject webhook(Row row) {
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("url", row.getString("url"))
        .put("event_types", new JsonArray(java.util.List.of(row.getArrayOfStrings("event_types"))))
        .put("enabled", row.getBoolean("enabled"))
        .put("description", row.getString("description"))
        .put("created_at", Timestamps.format(row.getOffsetDateTime("created_at")))
        .put("updated_at", Timestamps.format(row.getOffsetDateTime("updated_at")));
  }

  static JsonObject delivery(Row row) {
    JsonArray attempts = new JsonArray();
    Object stored = row.getValue("attempts");
    if (stored instanceof JsonArray array) {
      for (Object item : array) {
        JsonObject attempt = (JsonObject) item;
        attempts.add(new JsonObject()
            .put("attempted_at", attempt.getString("attempted_at"))
            .put("response_status", attempt.getInteger("response_status"))
            .put("duration_ms", attempt.getLong("duration_ms"))
            .put("error", attempt.getString("error")));
      }
    }
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("webhook_id", row.getString("webhook_id"))
        .put("event_id", row.getString("event_id"))
        .put("event_type", row.getString("event_type"))
        .put("status", row.getString("status"))
        .put("attempt_count", row.getInteger("attempt_count"))
        .put("next_attempt_at", Timestamps.format(row.getOffsetDateTime("next_attempt_at")))
        .put("created_at", Timestamps.format(row.getOffsetDateTime("created_at")))
        .put("updated_at", Timestamps.format(row.getOffsetDateTime("updated_at")))
        .put("attempts", attempts);
  }
}
