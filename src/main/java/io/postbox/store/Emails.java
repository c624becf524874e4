package io.postbox.store;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.EmailStore.Acceptance;
import io.postbox.contract.EmailStore.Accepted;
import io.postbox.contract.EmailStore.AttachmentMetadata;
import io.postbox.contract.EmailStore.Created;
import io.postbox.contract.EmailStore.EmailObject;
import io.postbox.contract.EmailStore.EmailQuery;
import io.postbox.contract.EmailStore.EventsQuery;
import io.postbox.contract.EmailStore.ListQuery;
import io.postbox.contract.EmailStore.NewEmail;
import io.postbox.contract.EmailStore.Page;
import io.postbox.contract.EmailStore.SendFailed;
import io.postbox.contract.ListCursor;
import io.postbox.contract.StatusChange;
import io.postbox.contract.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** All SQL about an email row along the send path and the read path. */
public final class Emails {
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /**
   * Step 9 of SPEC §4.3 for one or many emails in one statement, and the facts steps 10–12 need; ids come from the
   * sequence first so that rows map back to commands.
   */
  private static final String CREATE_MANY = """
      WITH input AS MATERIALIZED (
        SELECT u.*, nextval('emails_id_seq') AS id
        FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                    $9::bool[], $10::text[], $14::bool[], $15::text[], $16::timestamptz[])
          AS u(ord, user_id, from_address, recipient, params, attachments_metadata, classification, tag,
               disable_tracking, verify_address, test, metadata, scheduled_at)
      ), new_emails AS (
        INSERT INTO emails (id, user_id, from_address, recipient, params, attachments_metadata,
                            classification, tag, disable_tracking, test, metadata, scheduled_at, status)
        SELECT id, user_id, from_address, recipient, params::json, attachments_metadata::json,
               classification, tag, disable_tracking, test, metadata::jsonb, scheduled_at,
               CASE WHEN scheduled_at IS NULL THEN 'UNSENT' ELSE 'SCHEDULED' END
        FROM input
        RETURNING id, created_at
      ), new_cc AS (
        INSERT INTO email_cc (email_id, address, cc_type, error_code, user_id, created_at)
        SELECT i.id, c.address, c.cc_type,
               CASE WHEN EXISTS (SELECT 1 FROM blacklist b WHERE b.address = c.address)
                      OR EXISTS (SELECT 1 FROM suppressions s WHERE s.user_id = i.user_id AND s.address = c.address)
                    THEN 'Blacklisted recipient' END,
               i.user_id, ne.created_at
        FROM unnest($11::int[], $12::text[], $13::text[]) AS c(ord, address, cc_type) JOIN input i ON i.ord = c.ord
          JOIN new_emails ne ON ne.id = i.id
        RETURNING email_id, address, cc_type, error_code
      )
      SELECT i.ord, i.id, ne.created_at, u.email AS user_email,
             EXISTS (SELECT 1 FROM verified_from_addresses v WHERE v.user_id = i.user_id AND v.address = i.verify_address)
               AS from_verified,
             EXISTS (SELECT 1 FROM blacklist b WHERE b.address = i.recipient)
               OR EXISTS (SELECT 1 FROM suppressions s WHERE s.user_id = i.user_id AND s.address = i.recipient)
               AS recipient_blacklisted,
             ARRAY(SELECT n.address FROM new_cc n WHERE n.email_id = i.id AND n.cc_type = 'CC' AND n.error_code IS NULL)
               AS kept_cc,
             ARRAY(SELECT n.address FROM new_cc n WHERE n.email_id = i.id AND n.cc_type = 'BCC' AND n.error_code IS NULL)
               AS kept_bcc
      FROM input i JOIN new_emails ne ON ne.id = i.id JOIN users u ON u.id = i.user_id""";

  /**
   * Step 16 of SPEC §4.3 for one or many emails at once; the rows are locked in id order. The status before the
   * update is read under the row lock the update then uses, so that a Send event committed meanwhile is seen as the
   * status before, not as a change this acceptance made (SPEC §24).
   */
  private static final String ACCEPTED_MANY = """
      WITH input AS (
        SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[])
          AS u(id, accepted_at, ses_message_id, configuration_set)
      ), previous AS (
        SELECT e.id, e.status FROM emails e JOIN input u ON u.id = e.id ORDER BY e.id FOR NO KEY UPDATE OF e
      ), updated AS (
        UPDATE emails e SET
          status = CASE WHEN e.status_rank < 1 THEN 'ACCEPTED' ELSE e.status END,
          error_code = CASE WHEN e.status_rank < 1 THEN NULL ELSE e.error_code END,
          error_sub_type = CASE WHEN e.status_rank < 1 THEN NULL ELSE e.error_sub_type END,
          status_event_at = CASE WHEN e.status_rank < 1 THEN u.accepted_at ELSE e.status_event_at END,
          status_event_key = CASE WHEN e.status_rank < 1 THEN 'api:accepted:' || e.id ELSE e.status_event_key END,
          status_rank = GREATEST(e.status_rank, 1),
          accepted_at = COALESCE(e.accepted_at, u.accepted_at),
          ses_message_id = u.ses_message_id,
          configuration_set = u.configuration_set,
          updated_at = u.accepted_at
        FROM input u JOIN previous p ON p.id = u.id
        WHERE e.id = u.id
        RETURNING e.*, p.status AS previous_status
      ), timeline AS (
        INSERT INTO email_events (email_id, type, occurred_at, source, details, dedup_key)
        SELECT u.id, 'accepted', u.accepted_at, 'api',
               json_build_object('ses_message_id', u.ses_message_id, 'configuration_set', u.configuration_set),
               'api:accepted:' || u.id
        FROM input u JOIN updated x ON x.id = u.id
        ON CONFLICT (email_id, dedup_key) DO NOTHING
      )
      SELECT e.previous_status, %s, %s
      FROM updated e""".formatted(EmailRows.COLUMNS, WebhookOutbox.HAS_WEBHOOKS);

  private static final String SEND_FAILED = """
      WITH updated AS (
        UPDATE emails SET error_code = $2, error_sub_type = $3, updated_at = $4,
          status = CASE WHEN status = 'SCHEDULED' THEN 'UNSENT' ELSE status END
        WHERE id = $1 AND status_rank = 0
        RETURNING id
      )
      INSERT INTO email_events (email_id, type, occurred_at, source, details, dedup_key)
      SELECT id, 'send_failed', $4, 'api',
             json_build_object('error_code', $2::text, 'error_sub_type', $3::text), 'api:send_failed:' || id
      FROM updated
      ON CONFLICT (email_id, dedup_key) DO NOTHING""";

  private static final String GET = "SELECT " + EmailRows.COLUMNS
      + " FROM emails e WHERE e.id = $1 AND e.user_id = $2 AND e.test = $3";

  private static final String TIMELINE = """
      SELECT ev.id, ev.type, ev.occurred_at, ev.recipient, ev.source, ev.details
      FROM email_events ev JOIN emails e ON e.id = ev.email_id
      WHERE ev.email_id = $1 AND e.user_id = $2 AND e.test = $5
      ORDER BY ev.occurred_at, ev.id
      LIMIT $3 OFFSET $4""";

  private final Pool pool;

  public Emails(Pool pool) {
    this.pool = pool;
  }

  /** One email through {@link #createMany}; an unknown user is 401 (its key was deleted meanwhile). */
  public Future<Created> create(NewEmail email) {
    return createMany(List.of(email)).map(created -> created.get(0))
        .recover(failure -> Future.failedFuture(isUnknownUser(failure)
            ? new ApiErrorException(ApiError.unauthenticated()) : failure));
  }

  /** One acceptance through {@link #acceptedMany}. */
  public Future<Accepted> accepted(Acceptance acceptance) {
    return acceptedMany(List.of(acceptance)).map(accepted -> accepted.get(0));
  }

  /** Several new emails in one statement; results in the commands' order. */
  public Future<List<Created>> createMany(List<NewEmail> emails) {
    int size = emails.size();
    Integer[] ordinals = new Integer[size];
    Long[] users = new Long[size];
    String[][] text = new String[8][size];
    Boolean[] disableTracking = new Boolean[size];
    Boolean[] test = new Boolean[size];
    OffsetDateTime[] scheduledAt = new OffsetDateTime[size];
    List<Integer> ccOrdinals = new ArrayList<>();
    List<String> ccAddresses = new ArrayList<>();
    List<String> ccTypes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      NewEmail email = emails.get(i);
      ordinals[i] = i;
      users[i] = email.userId();
      text[0][i] = email.from();
      text[1][i] = email.recipient();
      text[2][i] = email.params().encode();
      text[3][i] = attachmentsMetadata(email.attachments());
      text[4][i] = email.classification();
      text[5][i] = email.tag();
      disableTracking[i] = email.disableTracking();
      test[i] = email.test();
      text[6][i] = email.fromAddress();
      // no metadata is NULL, answered as {}: the rows without any stay out of the metadata index
      text[7][i] = email.metadata() == null || email.metadata().isEmpty() ? null : email.metadata().encode();
      scheduledAt[i] = email.scheduledAt() == null ? null : utc(email.scheduledAt());
      for (String cc : email.cc()) {
        ccOrdinals.add(i);
        ccAddresses.add(cc);
        ccTypes.add("CC");
      }
      for (String bcc : email.bcc()) {
        ccOrdinals.add(i);
        ccAddresses.add(bcc);
        ccTypes.add("BCC");
      }
    }
    Tuple args = Tuple.tuple().addValue(ordinals).addValue(users).addValue(text[0]).addValue(text[1])
        .addValue(text[2]).addValue(text[3]).addValue(text[4]).addValue(text[5]).addValue(disableTracking)
        .addValue(text[6]).addValue(ccOrdinals.toArray(Integer[]::new)).addValue(ccAddresses.toArray(String[]::new))
        .addValue(ccTypes.toArray(String[]::new)).addValue(test).addValue(text[7]).addValue(scheduledAt);
    return pool.preparedQuery(CREATE_MANY).execute(args).compose(rows -> {
      Created[] results = new Created[size];
      for (Row row : rows) {
        results[row.getInteger("ord")] = createdRow(row);
      }
      for (Created result : results) {
        if (result == null) {
          return Future.failedFuture(new IllegalStateException("a created email did not come back"));
        }
      }
      return Future.succeededFuture(List.of(results));
    });
  }

  private static String attachmentsMetadata(List<AttachmentMetadata> attachments) {
    if (attachments == null || attachments.isEmpty()) {
      return null;
    }
    JsonArray metadata = new JsonArray();
    for (AttachmentMetadata attachment : attachments) {
      metadata.add(new JsonObject()
          .put("fileName", attachment.fileName())
          .put("fileSize", attachment.fileSize())
          .put("hash", attachment.hash()));
    }
    return metadata.encode();
  }

  private static Created createdRow(Row row) {
    return new Created(row.getLong("id"), row.getString("user_email"), row.getBoolean("from_verified"),
        row.getBoolean("recipient_blacklisted"), List.of(row.getArrayOfStrings("kept_cc")),
        List.of(row.getArrayOfStrings("kept_bcc")));
  }

  /** Several acceptances in one transaction; results in the acceptances' order. */
  public Future<List<Accepted>> acceptedMany(List<Acceptance> acceptances) {
    int size = acceptances.size();
    Long[] ids = new Long[size];
    OffsetDateTime[] acceptedAt = new OffsetDateTime[size];
    String[] messageIds = new String[size];
    String[] configurationSets = new String[size];
    for (int i = 0; i < size; i++) {
      Acceptance acceptance = acceptances.get(i);
      ids[i] = acceptance.emailId();
      acceptedAt[i] = utc(acceptance.acceptedAt());
      messageIds[i] = acceptance.sesMessageId();
      configurationSets[i] = acceptance.configurationSet();
    }
    Tuple args = Tuple.tuple().addValue(ids).addValue(acceptedAt).addValue(messageIds).addValue(configurationSets);
    return Transactions.run(pool, connection -> connection.preparedQuery(ACCEPTED_MANY).execute(args).compose(rows -> {
      Map<Long, Accepted> byId = new HashMap<>();
      List<WebhookOutbox.Event> events = new ArrayList<>();
      for (Row row : rows) {
        Accepted accepted = acceptedRow(row);
        byId.put(row.getLong("id"), accepted);
        if (accepted.change() != null) {
          events.add(WebhookOutbox.forChange(row));
        }
      }
      List<Accepted> results = new ArrayList<>();
      for (Long id : ids) {
        Accepted accepted = byId.get(id);
        if (accepted == null) {
          return Future.failedFuture(new IllegalStateException("email " + id + " was not accepted"));
        }
        results.add(accepted);
      }
      return WebhookOutbox.write(connection, events).map(results);
    }));
  }

  private static Accepted acceptedRow(Row row) {
    JsonObject email = EmailRows.toJson(row, false);
    StatusChange change = StatusChanges.of(row.getString("previous_status"), row, email,
        new StatusChange.Cause("accepted", "api", row.getOffsetDateTime("accepted_at").toInstant()));
    return new Accepted(email, change);
  }

  /** Steps 10–15 failures: the row stays UNSENT with the error, and the timeline says why. */
  public Future<Void> sendFailed(SendFailed failure) {
    Tuple args = Tuple.of(failure.emailId(), failure.errorCode(), failure.errorSubType(),
        OffsetDateTime.ofInstant(Timestamps.nowMillis(), ZoneOffset.UTC));
    return pool.preparedQuery(SEND_FAILED).execute(args).mapEmpty();
  }

  public Future<EmailObject> get(EmailQuery query) {
    Tuple args = Tuple.of(query.emailId(), query.userId(), query.test());
    return pool.preparedQuery(GET).execute(args).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(notFound(query.emailId()));
      }
      return Future.succeededFuture(new EmailObject(EmailRows.toJson(rows.iterator().next(), true)));
    });
  }

  /** A page of the caller's emails; one extra row is read to know {@code has_more} exactly. */
  public Future<Page> list(ListQuery message) {
    EmailListQuery query = EmailListQuery.from(message.userId(), message.test(), message.query());
    return pool.preparedQuery(query.sql()).execute(query.args()).map(rows -> new Page(page(rows, query)));
  }

  /** The timeline of SPEC §15, oldest first; 404 when the email is missing or another user's. */
  public Future<Page> events(EventsQuery query) {
    long emailId = query.emailId();
    long userId = query.userId();
    int limit = query.limit();
    Tuple args = Tuple.of(emailId, userId, limit + 1, query.offset(), query.test());
    return pool.preparedQuery(TIMELINE).execute(args).compose(rows -> {
      if (rows.size() > 0) {
        return Future.succeededFuture(timelinePage(rows, limit));
      }
      return pool.preparedQuery("SELECT 1 FROM emails WHERE id = $1 AND user_id = $2 AND test = $3")
          .execute(Tuple.of(emailId, userId, query.test()))
          .compose(found -> found.size() > 0
              ? Future.succeededFuture(timelinePage(rows, limit))
              : Future.failedFuture(notFound(emailId)));
    });
  }

  private static ApiErrorException notFound(long emailId) {
    return new ApiErrorException(ApiError.notFound("Email message with ID " + emailId + " not found."));
  }

  private static Page timelinePage(RowSet<Row> rows, int limit) {
    JsonArray data = new JsonArray();
    for (Row row : rows) {
      if (data.size() < limit) {
        data.add(new JsonObject()
            .put("id", Long.toString(row.getLong("id")))
            .put("type", row.getString("type"))
            .put("occurred_at", Timestamps.format(row.getOffsetDateTime("occurred_at")))
            .put("recipient", row.getString("recipient"))
            .put("source", row.getString("source"))
            .put("details", row.getJsonObject("details")));
      }
    }
    return new Page(new JsonObject().put("has_more", rows.size() > limit).put("data", data));
  }

  /**
   * Takes rows while the page keeps to {@code limit} and to the byte budget, by the query's estimate and by the
   * encoded size; {@code has_more} is true whenever a matching row was left out.
   */
  private static JsonObject page(RowSet<Row> rows, EmailListQuery query) {
    JsonArray data = new JsonArray();
    long pageBytes = 0;
    Row lastRow = null;
    for (Row row : rows) {
      if (data.size() >= query.limit()
          || row.getLong("bytes_before") + row.getLong("row_bytes") > EmailListQuery.ROWS_BYTE_BUDGET) {
        break;
      }
      JsonObject email = EmailRows.toJson(row, query.withParams());
      long emailBytes = email.toBuffer().length() + 1;
      if (pageBytes + emailBytes > EmailListQuery.ROWS_BYTE_BUDGET) {
        break;
      }
      pageBytes += emailBytes;
      data.add(email);
      lastRow = row;
    }
    boolean hasMore = rows.size() > data.size();
    String nextCursor = null;
    if (hasMore && lastRow != null && query.cursorBinding() != null) {
      nextCursor = ListCursor.after(lastRow.getOffsetDateTime(query.sortColumn()), lastRow.getLong("id"),
          query.cursorBinding()).encode();
    }
    return new JsonObject().put("has_more", hasMore).put("data", data).put("next_cursor", nextCursor);
  }

  private static boolean isUnknownUser(Throwable failure) {
    return failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
  }

  static OffsetDateTime utc(String iso) {
    return iso == null ? null : utc(Instant.parse(iso));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
