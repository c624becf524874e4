package io.postbox.store;

import io.postbox.contract.EmailStore.EventMessage;
import io.postbox.contract.NormalizedEvent;
import io.postbox.contract.StatusChange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies a batch of normalized events in one transaction with one statement per table (SPEC §9.2, §11.5, §12):
 * correlate, insert timeline rows (new ones only go on), merge status and first times, blacklist, rejects.
 * Replies with the status changes to publish after the commit.
 */
final class StatusEvents {
  /**
   * Reads the batch's emails without locking them, for what never changes (recipient, creation time, message id):
   * the merge locks the rows it changes only for the rest of the transaction and reads their status under the
   * lock ({@link #MERGE}); a deadlock between two batches is retried by the {@link EventBatcher}.
   */
  private static final String CORRELATE = """
      SELECT id, user_id, recipient, created_at, ses_message_id FROM emails
      WHERE id = ANY($1::bigint[] || ARRAY(SELECT m.id FROM emails m WHERE m.ses_message_id = ANY($2::text[])))""";

  private static final String INSERT_TIMELINE = """
      INSERT INTO email_events (email_id, type, occurred_at, recipient, source, details, dedup_key)
      SELECT u.email_id, u.type, u.occurred_at, u.recipient, u.source, u.details::json, u.dedup_key
      FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])
        AS u(email_id, type, occurred_at, recipient, source, details, dedup_key)
      ON CONFLICT (email_id, dedup_key) DO NOTHING
      RETURNING dedup_key""";

  private static final String WINS = """
      (u.rank IS NOT NULL AND (u.rank > e.status_rank OR (u.rank = e.status_rank AND (e.status_event_at IS NULL
        OR u.event_at < e.status_event_at OR (u.event_at = e.status_event_at AND u.event_key < e.status_event_key)))))""";

  /** Whether the batch's net effect {@code u} changes the email row {@code e}. */
  private static final String CHANGES = """
      (%s
        OR LEAST(e.sent_at, u.sent_at) IS DISTINCT FROM e.sent_at
        OR LEAST(e.delivered_at, u.delivered_at) IS DISTINCT FROM e.delivered_at
        OR LEAST(e.opened_at, u.opened_at) IS DISTINCT FROM e.opened_at
        OR LEAST(e.bounced_at, u.bounced_at) IS DISTINCT FROM e.bounced_at
        OR LEAST(e.complained_at, u.complained_at) IS DISTINCT FROM e.complained_at
        OR LEAST(e.first_human_open_at, u.first_human_open_at) IS DISTINCT FROM e.first_human_open_at
        OR u.clicks > 0)""".formatted(WINS);

  /**
   * The order-safe merge. {@code locked} locks, in id order, the rows the batch changes and reads their status
   * under the lock: READ COMMITTED re-reads a row that a concurrent batch changed once that batch commits, and
   * re-checks the condition on it. The previous status and rank therefore come from the very version this
   * statement changes, so of two overlapping batches only the one that really raised the rank reports it.
   */
  private static final String MERGE = """
      WITH u AS (
        SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
          $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[],
          $13::timestamptz[], $14::int[])
        AS u(id, rank, status, event_at, event_key, error_code, error_sub_type, sent_at, delivered_at, opened_at,
          bounced_at, complained_at, first_human_open_at, clicks)
      ), locked AS (
        SELECT e.id, e.status, e.status_rank FROM emails e JOIN u ON u.id = e.id
        WHERE %2$s
        ORDER BY e.id FOR NO KEY UPDATE OF e
      ), merged AS (
        UPDATE emails e SET
          status = CASE WHEN %1$s THEN u.status ELSE e.status END,
          error_code = CASE WHEN %1$s THEN u.error_code ELSE e.error_code END,
          error_sub_type = CASE WHEN %1$s THEN u.error_sub_type ELSE e.error_sub_type END,
          status_event_at = CASE WHEN %1$s THEN u.event_at ELSE e.status_event_at END,
          status_event_key = CASE WHEN %1$s THEN u.event_key ELSE e.status_event_key END,
          status_rank = CASE WHEN %1$s THEN u.rank ELSE e.status_rank END,
          sent_at = LEAST(e.sent_at, u.sent_at),
          delivered_at = LEAST(e.delivered_at, u.delivered_at),
          opened_at = LEAST(e.opened_at, u.opened_at),
          bounced_at = LEAST(e.bounced_at, u.bounced_at),
          complained_at = LEAST(e.complained_at, u.complained_at),
          first_human_open_at = LEAST(e.first_human_open_at, u.first_human_open_at),
          click_count = e.click_count + u.clicks,
          updated_at = date_trunc('milliseconds', now())
        FROM u JOIN locked p ON p.id = u.id
        WHERE e.id = u.id
        RETURNING e.*, p.status AS previous_status, p.status_rank AS previous_rank
      )
      SELECT %3$s, e.status_rank, e.previous_status, e.previous_rank, %4$s FROM merged e"""
      .formatted(WINS, CHANGES, EmailRows.COLUMNS, WebhookOutbox.HAS_WEBHOOKS);

  private static final String BLACKLIST = """
      INSERT INTO blacklist (address, reason)
      SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (address) DO NOTHING""";

  /** SPEC §27: a complaint suppresses its recipients for the email's user only; new entries come back. */
  private static final String SUPPRESS = """
      INSERT INTO suppressions (user_id, address, reason, origin, email_id)
      SELECT u.user_id, u.address, 'complaint', 'ses', u.email_id
      FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(user_id, address, email_id)
      ON CONFLICT (user_id, address) DO NOTHING
      RETURNING user_id, %s,
        EXISTS (SELECT 1 FROM webhooks w WHERE w.user_id = suppressions.user_id AND w.enabled) AS has_webhooks"""
      .formatted(Suppressions.COLUMNS);

  private static final String REJECTS = """
      INSERT INTO ingest_rejects (source, reason, raw_body)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[])""";

  /** The reject reason of a message that PostgreSQL or the merge refused (SPEC §24). */
  static final String UNSTORABLE = "unstorable";
  private static final String COMPLAINT = "complaint";

  private final Pool pool;
  private final Duration machineOpenWindow;

  StatusEvents(Pool pool, Duration machineOpenWindow) {
    this.pool = pool;
    this.machineOpenWindow = machineOpenWindow;
  }

  /** Completes with the status changes to publish. */
  Future<List<StatusChange>> apply(List<EventMessage> messages) {
    return apply(messages, new BatchOutcomes());
  }

  /** As {@link #apply(List)}, noting in {@code outcomes} what each event and message came to. */
  Future<List<StatusChange>> apply(List<EventMessage> messages, BatchOutcomes outcomes) {
    return Transactions.run(pool, connection -> correlate(connection, messages)
        .compose(emails -> applyCorrelated(connection, messages, emails, outcomes)));
  }

  /**
   * Stores {@code message} among the rejects with reason {@link #UNSTORABLE}, in a transaction of its own: its raw
   * body, or for a message without one (a pixel open) its events.
   */
  Future<Void> rejectUnstorable(EventMessage message) {
    String body = message.rawBody();
    if (body == null) {
      JsonArray events = new JsonArray();
      message.events().forEach(event -> events.add(event.toJson()));
      body = events.encode();
    }
    List<String[]> reject = new ArrayList<>();
    reject.add(new String[] {message.source(), UNSTORABLE, body});
    return Transactions.run(pool, connection -> insertRejects(connection, reject));
  }

  private Future<Map<String, Row>> correlate(SqlConnection connection, List<EventMessage> messages) {
    Set<Long> ids = new HashSet<>();
    Set<String> messageIds = new HashSet<>();
    for (EventMessage message : messages) {
      for (NormalizedEvent event : message.events()) {
        if (event.emailId() != null) {
          ids.add(event.emailId());
        }
        if (event.sesMessageId() != null) {
          messageIds.add(event.sesMessageId());
        }
      }
    }
    if (ids.isEmpty() && messageIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return connection.preparedQuery(CORRELATE)
        .execute(Tuple.tuple().addValue(ids.toArray(Long[]::new)).addValue(messageIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Row> byKey = new HashMap<>();
          for (Row row : rows) {
            byKey.put("id:" + row.getLong("id"), row);
            if (row.getString("ses_message_id") != null) {
              byKey.put("ses:" + row.getString("ses_message_id"), row);
            }
          }
          return byKey;
        });
  }

  private Future<List<StatusChange>> applyCorrelated(SqlConnection connection, List<EventMessage> messages,
      Map<String, Row> emails, BatchOutcomes outcomes) {
    TimelineRows timeline = new TimelineRows();
    List<String[]> blacklist = new ArrayList<>();
    List<Complained> complaints = new ArrayList<>();
    List<String[]> rejects = new ArrayList<>();
    Map<String, Pending> pendingByKey = new HashMap<>();
    for (EventMessage message : messages) {
      String source = message.source();
      if (message.rejectReason() != null) {
        rejects.add(new String[] {source, message.rejectReason(), message.rawBody()});
        outcomes.reject(message.rejectReason());
        continue;
      }
      boolean unmatched = false;
      for (NormalizedEvent event : message.events()) {
        Row email = find(emails, event);
        if (event.blacklist() && event.recipient() != null) {
          if (!COMPLAINT.equals(event.type())) {
            blacklist.add(new String[] {event.recipient(), event.type()});
          } else if (email != null) {
            complaints.add(new Complained(email.getLong("user_id"), event.recipient(), email.getLong("id"),
                event.dedupKey()));
          }
        }
        if (email == null) {
          unmatched = true;
          outcomes.event(event.type(), "unmatched");
          continue;
        }
        Pending pending = pending(email, event);
        if (pendingByKey.putIfAbsent(event.dedupKey(), pending) == null) {
          timeline.add(pending);
        }
      }
      if (unmatched && !"pixel".equals(source)) {
        rejects.add(new String[] {source, "unmatched", message.rawBody()});
        outcomes.reject("unmatched");
      }
    }
    return timeline.insert(connection)
        .onSuccess(inserted -> pendingByKey.forEach((key, pending) ->
            outcomes.event(pending.effect().type(), inserted.contains(key) ? "applied" : "duplicate")))
        .compose(inserted -> merge(connection, inserted, pendingByKey)
            .compose(changes -> suppress(connection, complaints, inserted).map(changes)))
        .onSuccess(changes -> changes.forEach(change -> outcomes.statusChange(change.status())))
        .compose(changes -> insertBlacklist(connection, blacklist).map(changes))
        .compose(changes -> insertRejects(connection, rejects).map(changes));
  }

  private static Row find(Map<String, Row> emails, NormalizedEvent event) {
    Row byId = event.emailId() == null ? null : emails.get("id:" + event.emailId());
    if (byId != null) {
      return byId;
    }
    return event.sesMessageId() == null ? null : emails.get("ses:" + event.sesMessageId());
  }

  private Pending pending(Row email, NormalizedEvent event) {
    String recipient = event.recipient();
    boolean namesMain = recipient != null && recipient.equalsIgnoreCase(email.getString("recipient"));
    EventEffect effect = EventEffect.of(event, namesMain);
    JsonObject details = event.details().copy();
    boolean machine = false;
    if ("open".equals(effect.type())) {
      boolean byUserAgent = event.machineUserAgent();
      Instant createdAt = email.getOffsetDateTime("created_at").toInstant();
      boolean byTiming = effect.occurredAt().isBefore(createdAt.plus(machineOpenWindow));
      machine = byUserAgent || byTiming;
      details.put("machine", machine).put("machine_reason", byUserAgent ? "user_agent" : byTiming ? "timing" : null);
    }
    return new Pending(email.getLong("id"), event, effect, details, !machine);
  }

  private Future<List<StatusChange>> merge(SqlConnection connection, Set<String> inserted,
      Map<String, Pending> pendings) {
    Map<Long, EmailChanges> byEmail = new TreeMap<>();
    for (String key : inserted) {
      Pending pending = pendings.get(key);
      byEmail.computeIfAbsent(pending.emailId(), EmailChanges::new).add(pending.effect(), pending.humanOpen());
    }
    if (byEmail.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    int size = byEmail.size();
    Long[] ids = new Long[size];
    Short[] ranks = new Short[size];
    String[] statuses = new String[size];
    OffsetDateTime[] eventAts = new OffsetDateTime[size];
    String[] eventKeys = new String[size];
    String[] errorCodes = new String[size];
    String[] errorSubTypes = new String[size];
    OffsetDateTime[][] times = new OffsetDateTime[6][size];
    Integer[] clicks = new Integer[size];
    int i = 0;
    for (EmailChanges changes : byEmail.values()) {
      ids[i] = changes.emailId;
      EventEffect best = changes.best;
      if (best != null) {
        ranks[i] = best.rank().shortValue();
        statuses[i] = best.status();
        eventAts[i] = utc(best.occurredAt());
        eventKeys[i] = best.dedupKey();
        errorCodes[i] = best.errorCode();
        errorSubTypes[i] = best.errorSubType();
      }
      times[0][i] = utc(changes.sentAt);
      times[1][i] = utc(changes.deliveredAt);
      times[2][i] = utc(changes.openedAt);
      times[3][i] = utc(changes.bouncedAt);
      times[4][i] = utc(changes.complainedAt);
      times[5][i] = utc(changes.firstHumanOpenAt);
      clicks[i] = changes.clicks;
      i++;
    }
    Tuple args = Tuple.tuple().addValue(ids).addValue(ranks).addValue(statuses).addValue(eventAts).addValue(eventKeys)
        .addValue(errorCodes).addValue(errorSubTypes);
    for (OffsetDateTime[] column : times) {
      args.addValue(column);
    }
    args.addValue(clicks);
    return connection.preparedQuery(MERGE).execute(args)
        .compose(rows -> WebhookOutbox.write(connection, webhookEvents(rows))
            .map(written -> statusChanges(rows, byEmail)));
  }

  /** One webhook event per email whose rank went up, so a soft then a hard bounce gives two (SPEC §16). */
  private static List<WebhookOutbox.Event> webhookEvents(RowSet<Row> rows) {
    List<WebhookOutbox.Event> events = new ArrayList<>();
    for (Row row : rows) {
      if (row.getShort("status_rank") > row.getShort("previous_rank")) {
        events.add(WebhookOutbox.forChange(row));
      }
    }
    return events;
  }

  private static List<StatusChange> statusChanges(RowSet<Row> rows, Map<Long, EmailChanges> byEmail) {
    List<StatusChange> changes = new ArrayList<>();
    for (Row row : rows) {
      EventEffect cause = byEmail.get(row.getLong("id")).best;
      StatusChange change = cause == null ? null : StatusChanges.of(row.getString("previous_status"), row,
          new StatusChange.Cause(cause.type(), cause.source(), cause.occurredAt()));
      if (change != null) {
        changes.add(change);
      }
    }
    return changes;
  }

  private static Future<Void> insertBlacklist(SqlConnection connection, List<String[]> entries) {
    entries.sort(Comparator.comparing(entry -> entry[0]));
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(BLACKLIST).execute(Tuple.tuple()
        .addValue(entries.stream().map(entry -> entry[0]).toArray(String[]::new))
        .addValue(entries.stream().map(entry -> entry[1]).toArray(String[]::new))).mapEmpty();
  }

  /**
   * Adds the recipients of complaints new to the timeline to their email's user's list (a redelivered complaint
   * does not bring back an entry the user removed meanwhile), with a {@code suppression.created} webhook event for
   * each entry that is new.
   */
  private static Future<Void> suppress(SqlConnection connection, List<Complained> complaints,
      Set<String> newEvents) {
    Map<String, Complained> entries = new TreeMap<>();
    for (Complained complaint : complaints) {
      if (newEvents.contains(complaint.dedupKey())) {
        entries.putIfAbsent(complaint.userId() + " " + complaint.address(), complaint);
      }
    }
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple args = Tuple.of(
        entries.values().stream().map(Complained::userId).toArray(Long[]::new),
        entries.values().stream().map(Complained::address).toArray(String[]::new),
        entries.values().stream().map(Complained::emailId).toArray(Long[]::new));
    return connection.preparedQuery(SUPPRESS).execute(args).compose(added -> {
      List<WebhookOutbox.Event> events = new ArrayList<>();
      for (Row row : added) {
        if (row.getBoolean("has_webhooks")) {
          events.add(WebhookOutbox.forSuppression(row.getLong("user_id"), Suppressions.of(row)));
        }
      }
      return WebhookOutbox.write(connection, events);
    });
  }

  private static Future<Void> insertRejects(SqlConnection connection, List<String[]> rejects) {
    if (rejects.isEmpty()) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(REJECTS).execute(Tuple.of(
        rejects.stream().map(reject -> reject[0]).toArray(String[]::new),
        rejects.stream().map(reject -> reject[1]).toArray(String[]::new),
        rejects.stream().map(reject -> RawBodies.storable(reject[2])).toArray(String[]::new))).mapEmpty();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private record Complained(long userId, String address, long emailId, String dedupKey) {
  }

  private record Pending(long emailId, NormalizedEvent event, EventEffect effect, JsonObject details,
      boolean humanOpen) {
  }

  /** The timeline rows of a batch, as column arrays for one INSERT … SELECT FROM unnest. */
  private static final class TimelineRows {
    private final List<Pending> rows = new ArrayList<>();

    void add(Pending pending) {
      rows.add(pending);
    }

    Future<Set<String>> insert(SqlConnection connection) {
      if (rows.isEmpty()) {
        return Future.succeededFuture(Set.of());
      }
      rows.sort(Comparator.comparing(row -> row.effect().dedupKey()));
      Tuple args = Tuple.of(
          rows.stream().map(Pending::emailId).toArray(Long[]::new),
          rows.stream().map(row -> row.effect().type()).toArray(String[]::new),
          rows.stream().map(row -> utc(row.effect().occurredAt())).toArray(OffsetDateTime[]::new),
          rows.stream().map(row -> row.event().recipient()).toArray(String[]::new),
          rows.stream().map(row -> row.event().source()).toArray(String[]::new),
          rows.stream().map(row -> row.details().encode()).toArray(String[]::new),
          rows.stream().map(row -> row.effect().dedupKey()).toArray(String[]::new));
      return connection.preparedQuery(INSERT_TIMELINE).execute(args).map(inserted -> {
        Set<String> keys = new HashSet<>();
        inserted.forEach(row -> keys.add(row.getString(0)));
        return keys;
      });
    }
  }
}
