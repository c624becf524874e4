package io.postbox.store;

import io.postbox.contract.EmailStore.Counts;
import io.postbox.contract.EmailStore.StatsQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The counts behind SPEC §18, grouped in SQL; the api turns counts into rates. The whole UTC days of the window come
 * from {@code email_stats_daily} (V019) and the whole hours around them from {@code email_stats_hourly}, which
 * triggers keep in every write's transaction (V013): the cost grows with the days, hours and tags of the window, not
 * with its emails (a year is 365 rows per tag). The partial hours at either edge of the window come from the emails
 * rows, through {@code emails_user_created (user_id, created_at, id)}. Until the one-off backfill of the emails older
 * than the triggers has finished ({@link StatsBackfill}), the whole window is read from the rows.
 */
public final class EmailStats {
  static final List<String> STATUSES = List.of("UNSENT", "ACCEPTED", "SENT", "DELIVERED", "OPENED", "BOUNCED",
      "COMPLAINT", "SCHEDULED", "CANCELLED");

  private static final String MONTH = "to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM')";
  private static final String TAG = "e.tag";
  private static final String ROLLUP_MONTH = "to_char(p.at AT TIME ZONE 'UTC', 'YYYY-MM')";
  private static final String ROLLUP_TAG = "p.tag";

  private static final String COUNTS = """
      count(*) AS total,
      count(*) FILTER (WHERE e.status = 'UNSENT') AS unsent,
      count(*) FILTER (WHERE e.status = 'ACCEPTED') AS accepted_status,
      count(*) FILTER (WHERE e.status = 'SENT') AS sent,
      count(*) FILTER (WHERE e.status = 'DELIVERED') AS delivered_status,
      count(*) FILTER (WHERE e.status = 'OPENED') AS opened,
      count(*) FILTER (WHERE e.status = 'BOUNCED') AS bounced,
      count(*) FILTER (WHERE e.status = 'COMPLAINT') AS complaint,
      count(*) FILTER (WHERE e.status = 'SCHEDULED') AS scheduled,
      count(*) FILTER (WHERE e.status = 'CANCELLED') AS cancelled,
      count(*) FILTER (WHERE e.delivered_at IS NOT NULL) AS delivered,
      count(*) FILTER (WHERE e.complained_at IS NOT NULL) AS complained,
      count(*) FILTER (WHERE e.first_human_open_at IS NOT NULL) AS human_opened,
      count(*) FILTER (WHERE e.click_count > 0) AS clicked""";

  /** One emails row as a part of {@link #ROLLUP_PARTS}, with the columns of {@code email_stats_hourly}. */
  private static final String ROW_AS_PART = """
      SELECT e.created_at, e.tag, 1, (e.status = 'UNSENT')::int, (e.status = 'ACCEPTED')::int,
        (e.status = 'SENT')::int, (e.status = 'DELIVERED')::int, (e.status = 'OPENED')::int,
        (e.status = 'BOUNCED')::int, (e.status = 'COMPLAINT')::int, (e.status = 'SCHEDULED')::int,
        (e.status = 'CANCELLED')::int, (e.delivered_at IS NOT NULL)::int,
        (e.complained_at IS NOT NULL)::int, (e.first_human_open_at IS NOT NULL)::int, (e.click_count > 0)::int
      FROM emails e WHERE e.user_id = $1 AND e.test = $4""";

  /** One row of {@code email_stats_hourly} {@code r} as a part of {@link #ROLLUP_PARTS}. */
  private static final String HOUR_AS_PART = """
      SELECT r.hour, r.tag, r.total, r.unsent, r.accepted, r.sent, r.delivered_status, r.opened, r.bounced,
        r.complaint, r.scheduled, r.cancelled, r.delivered, r.complained, r.human_opened, r.clicked
      FROM email_stats_hourly r WHERE r.user_id = $1 AND r.test = $4""";

  /**
   * The window [$2, $3) in parts: its whole UTC days [$7, $8) from {@code email_stats_daily} (the settled counts, V019)
   * and those days' live slots of {@code email_stats_hourly}; the whole hours [$5, $7) and [$8, $6) around them from
   * {@code email_stats_hourly}; the partial hours at either edge from the rows.
   */
  private static final String ROLLUP_PARTS = """
      WITH p (at, tag, total, unsent, accepted_status, sent, delivered_status, opened, bounced, complaint, scheduled,
              cancelled, delivered, complained, human_opened, clicked) AS (
        SELECT d.day::timestamp AT TIME ZONE 'UTC', d.tag, d.total, d.unsent, d.accepted, d.sent, d.delivered_status,
          d.opened, d.bounced, d.complaint, d.scheduled, d.cancelled, d.delivered, d.complained, d.human_opened,
          d.clicked
        FROM email_stats_daily d WHERE d.user_id = $1 AND d.test = $4
          AND d.day >= ($7 AT TIME ZONE 'UTC')::date AND d.day < ($8 AT TIME ZONE 'UTC')::date
        UNION ALL
        %2$s AND r.slot < 16 AND r.hour >= $7 AND r.hour < $8
        UNION ALL
        %2$s AND r.hour >= $5 AND r.hour < $7
        UNION ALL
        %2$s AND r.hour >= $8 AND r.hour < $6
        UNION ALL
        %1$s AND e.created_at >= $2 AND e.created_at < $5
        UNION ALL
        %1$s AND e.created_at >= $6 AND e.created_at < $3
      )""".formatted(ROW_AS_PART, HOUR_AS_PART);

  private static final String ROLLUP_COUNTS = """
      COALESCE(sum(p.total), 0) AS total,
      COALESCE(sum(p.unsent), 0) AS unsent,
      COALESCE(sum(p.accepted_status), 0) AS accepted_status,
      COALESCE(sum(p.sent), 0) AS sent,
      COALESCE(sum(p.delivered_status), 0) AS delivered_status,
      COALESCE(sum(p.opened), 0) AS opened,
      COALESCE(sum(p.bounced), 0) AS bounced,
      COALESCE(sum(p.complaint), 0) AS complaint,
      COALESCE(sum(p.scheduled), 0) AS scheduled,
      COALESCE(sum(p.cancelled), 0) AS cancelled,
      COALESCE(sum(p.delivered), 0) AS delivered,
      COALESCE(sum(p.complained), 0) AS complained,
      COALESCE(sum(p.human_opened), 0) AS human_opened,
      COALESCE(sum(p.clicked), 0) AS clicked""";

  private static final String[] COUNT_COLUMNS = {"unsent", "accepted_status", "sent", "delivered_status", "opened",
      "bounced", "complaint", "scheduled", "cancelled"};

  private static final String WINDOW =
      "FROM emails e WHERE e.user_id = $1 AND e.created_at >= $2 AND e.created_at < $3 AND e.test = $4";

  private final Pool pool;
  private final StatsBackfill backfill;

  public EmailStats(Pool pool) {
    this.pool = pool;
    this.backfill = new StatsBackfill(pool);
  }

  /**
   * The statement over the emails rows for a grouping (before the backfill has finished; the oracle of the rollup's
   * tests); exposed so that tests and operators can EXPLAIN it. $1 user, $2 from, $3 to, $4 test.
   */
  public static String sql(boolean byMonth, boolean byTag) {
    StringBuilder select = new StringBuilder("SELECT ");
    StringBuilder group = new StringBuilder();
    if (byMonth) {
      select.append(MONTH).append(" AS month, ");
      group.append(MONTH);
    }
    if (byTag) {
      select.append(TAG).append(" AS tag, ");
      group.append(group.isEmpty() ? "" : ", ").append(TAG);
    }
    String sql = select + COUNTS + "\n" + WINDOW;
    if (!group.isEmpty()) {
      // months sort as text (YYYY-MM); untagged (null) first, then tags in byte order whatever the database collation
      sql += "\nGROUP BY " + group + "\nORDER BY " + order(byMonth, byTag);
    }
    return sql;
  }

  /**
   * The statement over the rollup for a grouping; exposed so that tests and operators can EXPLAIN it. $1 user,
   * $2 from, $3 to, $4 test, $5 the first whole hour of the window, $6 the end of its last whole hour, $7 the first
   * whole UTC day within [$5, $6), $8 the end of its last whole day.
   */
  public static String rollupSql(boolean byMonth, boolean byTag) {
    StringBuilder select = new StringBuilder(ROLLUP_PARTS).append("\nSELECT ");
    StringBuilder group = new StringBuilder();
    if (byMonth) {
      select.append(ROLLUP_MONTH).append(" AS month, ");
      group.append(ROLLUP_MONTH);
    }
    if (byTag) {
      select.append(ROLLUP_TAG).append(" AS tag, ");
      group.append(group.isEmpty() ? "" : ", ").append(ROLLUP_TAG);
    }
    String sql = select + ROLLUP_COUNTS + "\nFROM p";
    if (!group.isEmpty()) {
      // a group exists when at least one email is in it, as in the statement over the rows
      sql += "\nGROUP BY " + group + "\nHAVING sum(p.total) > 0\nORDER BY " + order(byMonth, byTag);
    }
    return sql;
  }

  private static String order(boolean byMonth, boolean byTag) {
    return (byMonth ? "month" : "") + (byMonth && byTag ? ", " : "") + (byTag ? "tag COLLATE \"C\" NULLS FIRST" : "");
  }

  /**
   * The whole UTC hours or days ({@code unit}) of [from, to) as [first, end); empty (both {@code to}) when it holds
   * none.
   */
  static Instant[] whole(ChronoUnit unit, Instant from, Instant to) {
    Instant first = from.truncatedTo(unit);
    if (first.isBefore(from)) {
      first = first.plus(1, unit);
    }
    Instant end = to.truncatedTo(unit);
    return first.isBefore(end) ? new Instant[] {first, end} : new Instant[] {to, to};
  }

  /**
   * Groups {@code [{month?, tag?, total, counts: {STATUS: n}, delivered, accepted, bounced, complained, human_opened,
   * clicked}]}. Without grouping there is always exactly one group.
   */
  public Future<Counts> stats(StatsQuery query) {
    return backfill.finished().compose(finished -> finished ? fromRollup(query) : fromRows(query));
  }

  /** The answer from the rollup and the edge rows; only exact once the backfill has finished. */
  Future<Counts> fromRollup(StatsQuery query) {
    Instant[] hours = whole(ChronoUnit.HOURS, query.from(), query.to());
    Instant[] days = whole(ChronoUnit.DAYS, hours[0], hours[1]);
    Tuple args = Tuple.of(query.userId(), Emails.utc(query.from()), Emails.utc(query.to()), query.test(),
        Emails.utc(hours[0]), Emails.utc(hours[1])).addOffsetDateTime(Emails.utc(days[0]))
        .addOffsetDateTime(Emails.utc(days[1]));
    return counts(rollupSql(byMonth(query), byTag(query)), args, query);
  }

  /** The answer from the emails rows of the window: O(rows). */
  Future<Counts> fromRows(StatsQuery query) {
    Tuple args = Tuple.of(query.userId(), Emails.utc(query.from()), Emails.utc(query.to()), query.test());
    return counts(sql(byMonth(query), byTag(query)), args, query);
  }

  private static boolean byMonth(StatsQuery query) {
    return query.groupBy().contains("month");
  }

  private static boolean byTag(StatsQuery query) {
    return query.groupBy().contains("tag");
  }

  private Future<Counts> counts(String sql, Tuple args, StatsQuery query) {
    boolean byMonth = byMonth(query);
    boolean byTag = byTag(query);
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      List<JsonObject> groups = new ArrayList<>();
      for (Row row : rows) {
        groups.add(group(row, byMonth, byTag));
      }
      return new Counts(groups);
    });
  }

  private static JsonObject group(Row row, boolean byMonth, boolean byTag) {
    JsonObject group = new JsonObject();
    if (byMonth) {
      group.put("month", row.getString("month"));
    }
    if (byTag) {
      group.put("tag", row.getString("tag"));
    }
    JsonObject counts = new JsonObject();
    for (int i = 0; i < STATUSES.size(); i++) {
      counts.put(STATUSES.get(i), row.getLong(COUNT_COLUMNS[i]));
    }
    long total = row.getLong("total");
    return group
        .put("total", total)
        .put("counts", counts)
        .put("accepted", total - row.getLong("unsent") - row.getLong("scheduled") - row.getLong("cancelled"))
        .put("delivered", row.getLong("delivered"))
        .put("bounced", row.getLong("bounced"))
        .put("complained", row.getLong("complained"))
        .put("human_opened", row.getLong("human_opened"))
        .put("clicked", row.getLong("clicked"));
  }
}
