package io.postbox.store;

import io.postbox.contract.EmailStore.Counts;
import io.postbox.contract.EmailStore.StatsQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The counts behind SPEC §18: one statement over one user's window of {@code created_at}, grouped in SQL. The
 * window is read through {@code emails_user_created (user_id, created_at, id)}, so a user's older history is
 * never scanned. The api turns counts into rates.
 */
public final class EmailStats {
  static final List<String> STATUSES = List.of("UNSENT", "ACCEPTED", "SENT", "DELIVERED", "OPENED", "BOUNCED",
      "COMPLAINT", "SCHEDULED", "CANCELLED");

  private static final String MONTH = "to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM')";
  private static final String TAG = "e.tag";

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

  private static final String[] COUNT_COLUMNS = {"unsent", "accepted_status", "sent", "delivered_status", "opened",
      "bounced", "complaint", "scheduled", "cancelled"};

  private static final String WINDOW =
      "FROM emails e WHERE e.user_id = $1 AND e.created_at >= $2 AND e.created_at < $3 AND e.test = $4";

  private final Pool pool;

  public EmailStats(Pool pool) {
    this.pool = pool;
  }

  /** The statement for a grouping; exposed so that tests and operators can EXPLAIN it. */
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
      String order = (byMonth ? "month" : "") + (byMonth && byTag ? ", " : "")
          + (byTag ? "tag COLLATE \"C\" NULLS FIRST" : "");
      sql += "\nGROUP BY " + group + "\nORDER BY " + order;
    }
    return sql;
  }

  /**
   * Groups {@code [{month?, tag?, total, counts: {STATUS: n}, delivered, accepted, bounced, complained, human_opened,
   * clicked}]}. Without grouping there is always exactly one group.
   */
  public Future<Counts> stats(StatsQuery query) {
    boolean byMonth = query.groupBy().contains("month");
    boolean byTag = query.groupBy().contains("tag");
    Tuple args = Tuple.of(query.userId(), Emails.utc(query.from()), Emails.utc(query.to()), query.test());
    return pool.preparedQuery(sql(byMonth, byTag)).execute(args).map(rows -> {
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
