package io.postbox.store;

import io.postbox.contract.SuppressionStore;
import io.postbox.contract.Timestamps;
import io.postbox.contract.WebhookEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactional outbox of SPEC §16: inside the transaction that commits status changes, one statement writes
 * one event per change whose user has a subscribed enabled webhook, and one pending delivery per such webhook.
 * The webhooks are read {@code FOR SHARE}, so that a concurrent disable either waits for this transaction (and
 * then fails the new deliveries) or has committed first (and then no delivery is written). Whether to run the
 * statement at all is decided by the status statement before it ({@link #HAS_WEBHOOKS}): a webhook enabled after
 * that statement started gets the email's next change, not this one.
 */
final class WebhookOutbox {
  private static final String WRITE = """
      WITH changes AS (
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) AS c(user_id, event_type, payload)
      ), targets AS (
        SELECT w.id, w.user_id, w.event_types FROM webhooks w
        WHERE w.enabled AND w.user_id = ANY ($1::bigint[])
        ORDER BY w.id FOR SHARE
      ), events AS (
        INSERT INTO webhook_outbox (id, user_id, event_type, payload)
        SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), c.user_id, c.event_type, c.payload
        FROM changes c
        WHERE EXISTS (SELECT 1 FROM targets t WHERE t.user_id = c.user_id AND c.event_type = ANY (t.event_types))
        RETURNING id, user_id, event_type
      )
      INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, next_attempt_at)
      SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), t.id, e.id, e.event_type, now()
      FROM events e JOIN targets t ON t.user_id = e.user_id AND e.event_type = ANY (t.event_types)""";

  /**
   * A column for the statements whose rows go to {@link #forChange}: whether the email's user has an enabled
   * webhook, so that the outbox statement runs only when it can write something.
   */
  static final String HAS_WEBHOOKS =
      "EXISTS (SELECT 1 FROM webhooks w WHERE w.user_id = e.user_id AND w.enabled) AS has_webhooks";

  private WebhookOutbox() {
  }

  /** One webhook event: the email's user, the event type and the exact body to post. */
  record Event(long userId, String type, String payload) {
  }

  /**
   * The event of a committed status change of {@code row} (an {@link EmailRows} row with {@link #HAS_WEBHOOKS}),
   * or null for UNSENT and for users without an enabled webhook.
   */
  static Event forChange(Row row) {
    if (!row.getBoolean("has_webhooks")) {
      return null;
    }
    JsonObject email = EmailRows.toJson(row, false);
    String type = WebhookEvents.forStatus(email.getString("status"));
    if (type == null) {
      return null;
    }
    String payload = new JsonObject().put("type", type).put("created_at", email.getString("updated_at"))
        .put("data", email).encode();
    return new Event(row.getLong("user_id"), type, payload);
  }

  /** The event of an entry added to a user's suppression list automatically (SPEC §27). */
  static Event forSuppression(long userId, SuppressionStore.Suppression entry) {
    JsonObject data = new JsonObject().put("address", entry.address()).put("reason", entry.reason())
        .put("origin", entry.origin()).put("email_id", entry.emailId() == null ? null : entry.emailId().toString())
        .put("created_at", Timestamps.format(entry.createdAt()));
    String payload = new JsonObject().put("type", WebhookEvents.SUPPRESSION_CREATED)
        .put("created_at", data.getString("created_at")).put("data", data).encode();
    return new Event(userId, WebhookEvents.SUPPRESSION_CREATED, payload);
  }

  /** The body of a test ping (SPEC §16). */
  static String testPayload(String webhookId) {
    return new JsonObject().put("type", WebhookEvents.TEST).put("created_at", Timestamps.format(Timestamps.nowMillis()))
        .put("data", new JsonObject().put("webhook_id", webhookId)).encode();
  }

  static Future<Void> write(SqlConnection connection, List<Event> events) {
    List<Event> present = new ArrayList<>();
    events.forEach(event -> {
      if (event != null) {
        present.add(event);
      }
    });
    if (present.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple args = Tuple.of(
        present.stream().map(Event::userId).toArray(Long[]::new),
        present.stream().map(Event::type).toArray(String[]::new),
        present.stream().map(Event::payload).toArray(String[]::new));
    return connection.preparedQuery(WRITE).execute(args).mapEmpty();
  }
}
