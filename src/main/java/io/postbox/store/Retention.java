package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of retention (SPEC §31): which users have anything to redact or delete, and one small batch of either.
 * Each batch is one statement that takes its rows with {@code FOR UPDATE SKIP LOCKED}, so batches of several nodes,
 * or of a node and the status pipeline, never wait on one another; a row skipped now is taken by a later batch.
 * The ids go through an array so that the generic plan (the store prepares with {@code force_generic_plan}) reaches
 * the rows by primary key: joined to the batch as a table, the plan guessed at the unknown LIMIT and hash-joined a
 * sequential scan of all emails (EXPLAIN ANALYZE, 300,000 emails: 1.7 s per batch instead of 0.1–0.4 s).
 */
final class Retention {
  /** A user whose emails expire: days of content and of the email itself, 0 for never. */
  record Policy(long userId, int contentDays, int deleteDays) {
  }

  private static final String POLICIES = """
      SELECT id, coalesce(retention_content_days, $1) AS content_days, coalesce(retention_delete_days, $2) AS delete_days
      FROM users
      WHERE coalesce(retention_content_days, $1) > 0 OR coalesce(retention_delete_days, $2) > 0
      ORDER BY id""";

  /**
   * Content is the request as given ({@code params}: body, subject, from, reply_to) and the attachments' file names;
   * sizes and hashes of attachments, recipients, status, timestamps, tag, metadata and the timeline stay.
   * {@code updated_at} stays too: it tells status changes, and redaction is not one. A SCHEDULED email (SPEC §30)
   * is neither redacted nor deleted before it is sent: its content is still to be sent.
   */
  private static final String REDACT = """
      UPDATE emails e SET
        params = '{"redacted": true}'::json,
        attachments_metadata = CASE WHEN json_typeof(e.attachments_metadata) = 'array' THEN (
          SELECT coalesce(json_agg(json_build_object('fileName', 'redacted', 'fileSize', a.item -> 'fileSize',
                                                     'hash', a.item -> 'hash') ORDER BY a.ord), '[]'::json)
          FROM json_array_elements(e.attachments_metadata) WITH ORDINALITY AS a(item, ord))
          ELSE e.attachments_metadata END,
        redacted_at = date_trunc('milliseconds', now())
      WHERE e.id = ANY (ARRAY(
        SELECT id FROM emails
        WHERE user_id = $1 AND redacted_at IS NULL AND created_at < now() - make_interval(days => $2)
          AND status <> 'SCHEDULED'
        ORDER BY created_at
        LIMIT $3
        FOR UPDATE SKIP LOCKED))""";

  /**
   * The email and what is keyed to it: its cc rows go by their foreign key (ON DELETE CASCADE), its timeline here
   * (email_events has no foreign key since V006). Webhook outbox rows and deliveries carry a copy of the email and
   * are purged after 30 days by the webhooks role; idempotency keys expire after 24 hours; a suppression keeps the
   * id of the email that caused it.
   */
  private static final String DELETE = """
      WITH batch AS (
        SELECT ARRAY(
          SELECT id FROM emails
          WHERE user_id = $1 AND created_at < now() - make_interval(days => $2) AND status <> 'SCHEDULED'
          ORDER BY created_at, id
          LIMIT $3
          FOR UPDATE SKIP LOCKED) AS ids
      ), timeline AS (
        DELETE FROM email_events WHERE email_id = ANY ((SELECT ids FROM batch)::bigint[])
      )
      DELETE FROM emails WHERE id = ANY ((SELECT ids FROM batch)::bigint[])""";

  private final Pool pool;

  Retention(Pool pool) {
    this.pool = pool;
  }

  /** The users with anything to expire, under the node's defaults and their own overrides. */
  Future<List<Policy>> policies(int contentDays, int deleteDays) {
    return pool.preparedQuery(POLICIES).execute(Tuple.of(contentDays, deleteDays)).map(rows -> {
      List<Policy> policies = new ArrayList<>();
      for (Row row : rows) {
        policies.add(new Policy(row.getLong("id"), row.getInteger("content_days"), row.getInteger("delete_days")));
      }
      return policies;
    });
  }

  /** Redacts up to {@code limit} of the user's emails created more than {@code days} ago; how many it redacted. */
  Future<Integer> redact(long userId, int days, int limit) {
    return pool.preparedQuery(REDACT).execute(Tuple.of(userId, days, limit)).map(rows -> rows.rowCount());
  }

  /** Deletes up to {@code limit} of the user's emails created more than {@code days} ago; how many it deleted. */
  Future<Integer> delete(long userId, int days, int limit) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(userId, days, limit)).map(rows -> rows.rowCount());
  }
}
