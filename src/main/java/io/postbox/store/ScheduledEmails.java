package io.postbox.store;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.EmailStore.DueClaim;
import io.postbox.contract.EmailStore.DueEmail;
import io.postbox.contract.EmailStore.DueEmails;
import io.postbox.contract.EmailStore.EmailObject;
import io.postbox.contract.EmailStore.EmailQuery;
import io.postbox.contract.StatusChange;
import io.postbox.contract.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The SQL of SPEC §30: claiming due scheduled emails under a lease, and cancelling a scheduled one. */
final class ScheduledEmails {
  static final ApiError NOT_CANCELLABLE = new ApiError(409, "not_cancellable",
      "Only a scheduled email can be cancelled");

  /**
   * Due rows are locked {@code SKIP LOCKED}, so concurrent claimers never take the same row; the lease is written
   * in the same statement. Blacklisted or suppressed (§27) cc/bcc are marked as at send time; the kept lists leave them out (the
   * marking is not visible to the statement's own snapshot).
   */
  private static final String CLAIM = """
      WITH due AS (
        SELECT id FROM emails
        WHERE status = 'SCHEDULED' AND scheduled_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY scheduled_at, id
        LIMIT $1
        FOR UPDATE SKIP LOCKED
      ), claimed AS (
        UPDATE emails e SET claimed_until = now() + make_interval(secs => $2)
        FROM due WHERE e.id = due.id
        RETURNING e.id, e.user_id, e.from_address, e.recipient, e.params, e.disable_tracking, e.test
      ), dropped_cc AS (
        UPDATE email_cc c SET error_code = 'Blacklisted recipient'
        FROM claimed WHERE c.email_id = claimed.id AND c.error_code IS NULL
          AND (EXISTS (SELECT 1 FROM blacklist b WHERE b.address = c.address)
               OR EXISTS (SELECT 1 FROM suppressions s WHERE s.user_id = claimed.user_id AND s.address = c.address))
      )
      SELECT c.id, c.user_id, c.from_address, c.recipient, c.params, c.disable_tracking, c.test,
             u.email AS user_email,
             ARRAY(SELECT v.address FROM verified_from_addresses v WHERE v.user_id = c.user_id) AS verified,
             EXISTS (SELECT 1 FROM blacklist b WHERE b.address = c.recipient)
               OR EXISTS (SELECT 1 FROM suppressions s WHERE s.user_id = c.user_id AND s.address = c.recipient)
               AS recipient_blacklisted,
             ARRAY(SELECT a.address FROM email_cc a WHERE a.email_id = c.id AND a.cc_type = 'CC'
                     AND a.error_code IS NULL AND NOT EXISTS (SELECT 1 FROM blacklist b WHERE b.address = a.address)
                     AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.user_id = c.user_id AND s.address = a.address)
                   ORDER BY a.address) AS kept_cc,
             ARRAY(SELECT a.address FROM email_cc a WHERE a.email_id = c.id AND a.cc_type = 'BCC'
                     AND a.error_code IS NULL AND NOT EXISTS (SELECT 1 FROM blacklist b WHERE b.address = a.address)
                     AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.user_id = c.user_id AND s.address = a.address)
                   ORDER BY a.address) AS kept_bcc
      FROM claimed c JOIN users u ON u.id = c.user_id""";

  /** Only a SCHEDULED email that no dispatch node holds a live lease on can be cancelled. */
  private static final String CANCEL = """
      WITH updated AS (
        UPDATE emails e SET status = 'CANCELLED', updated_at = $3, claimed_until = NULL
        WHERE e.id = $1 AND e.user_id = $2 AND e.test = $4 AND e.status = 'SCHEDULED'
          AND (e.claimed_until IS NULL OR e.claimed_until < now())
        RETURNING e.*
      )
      SELECT %s, %s FROM updated e""".formatted(EmailRows.COLUMNS, WebhookOutbox.HAS_WEBHOOKS);

  private static final String READ = "SELECT %s, %s FROM emails e WHERE e.id = $1 AND e.user_id = $2"
      .formatted(EmailRows.COLUMNS, WebhookOutbox.HAS_WEBHOOKS);

  private static final String EXISTS = "SELECT 1 FROM emails WHERE id = $1 AND user_id = $2 AND test = $3";

  private final Pool pool;

  ScheduledEmails(Pool pool) {
    this.pool = pool;
  }

  Future<DueEmails> claimDue(DueClaim claim) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(claim.limit(), claim.leaseSeconds())).map(rows -> {
      List<DueEmail> due = new ArrayList<>();
      for (Row row : rows) {
        due.add(new DueEmail(row.getLong("id"), row.getLong("user_id"), row.getString("from_address"),
            row.getString("recipient"), (JsonObject) row.getValue("params"), row.getBoolean("disable_tracking"),
            row.getString("user_email"), List.of(row.getArrayOfStrings("verified")),
            row.getBoolean("recipient_blacklisted"), List.of(row.getArrayOfStrings("kept_cc")),
            List.of(row.getArrayOfStrings("kept_bcc")), row.getBoolean("test")));
      }
      return new DueEmails(due);
    });
  }

  /** The email with params, after its {@code email.scheduled} event is in the webhook outbox. */
  Future<EmailObject> scheduled(EmailQuery query) {
    return Transactions.run(pool, connection -> connection.preparedQuery(READ)
        .execute(Tuple.of(query.emailId(), query.userId())).compose(rows -> {
          Row row = rows.iterator().next();
          WebhookOutbox.Event event = WebhookOutbox.forChange(row);
          return WebhookOutbox.write(connection, event == null ? List.of() : List.of(event))
              .map(written -> new EmailObject(EmailRows.toJson(row, true)));
        }));
  }

  /** The cancelled email with params, and its status change for the status-changed topic. */
  record Cancelled(JsonObject email, StatusChange change) {
  }

  Future<Cancelled> cancel(EmailQuery query) {
    OffsetDateTime now = OffsetDateTime.ofInstant(Timestamps.nowMillis(), ZoneOffset.UTC);
    return Transactions.run(pool, connection -> connection.preparedQuery(CANCEL)
        .execute(Tuple.of(query.emailId(), query.userId(), now, query.test())).compose(rows -> {
          if (rows.size() == 0) {
            return connection.preparedQuery(EXISTS).execute(Tuple.of(query.emailId(), query.userId(), query.test()))
                .compose(found -> Future.failedFuture(new ApiErrorException(found.size() == 0
                    ? ApiError.notFound("Email message with ID " + query.emailId() + " not found.")
                    : NOT_CANCELLABLE)));
          }
          Row row = rows.iterator().next();
          JsonObject email = EmailRows.toJson(row, true);
          StatusChange change = StatusChanges.of("SCHEDULED", row, EmailRows.toJson(row, false),
              new StatusChange.Cause("cancelled", "api", now.toInstant()));
          WebhookOutbox.Event event = WebhookOutbox.forChange(row);
          return WebhookOutbox.write(connection, event == null ? List.of() : List.of(event))
              .map(written -> new Cancelled(email, change));
        }));
  }
}
