package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The one-off backfill of {@code email_stats_hourly} for the emails that existed before its triggers (V013): those
 * with id &lt;= {@code cut}, counted in id order, one small batch per transaction, online. A step locks the backfill
 * row, which waits for every transaction whose trigger skipped an email of the step's range (they share-lock that
 * row), then counts the range as committed, into slot 16, which no live writer uses, and moves
 * {@code backfilled_to}; from its commit on, the triggers count the changes of those emails. Several store nodes may
 * run it at once: the row lock serialises their steps.
 */
final class StatsBackfill {
  /** The rollup slot of the backfill; live writers use 0–15. */
  static final int SLOT = 16;

  private static final String LOCK = "SELECT cut, backfilled_to, finished_at FROM email_stats_backfill FOR UPDATE";

  private static final String COUNT_RANGE = """
      %2$s
      SELECT e.user_id, e.test, date_trunc('hour', e.created_at, 'UTC'), e.tag, %1$d,
        count(*),
        count(*) FILTER (WHERE e.status = 'UNSENT'),
        count(*) FILTER (WHERE e.status = 'ACCEPTED'),
        count(*) FILTER (WHERE e.status = 'SENT'),
        count(*) FILTER (WHERE e.status = 'DELIVERED'),
        count(*) FILTER (WHERE e.status = 'OPENED'),
        count(*) FILTER (WHERE e.status = 'BOUNCED'),
        count(*) FILTER (WHERE e.status = 'COMPLAINT'),
        count(*) FILTER (WHERE e.status = 'SCHEDULED'),
        count(*) FILTER (WHERE e.status = 'CANCELLED'),
        count(*) FILTER (WHERE e.delivered_at IS NOT NULL),
        count(*) FILTER (WHERE e.complained_at IS NOT NULL),
        count(*) FILTER (WHERE e.first_human_open_at IS NOT NULL),
        count(*) FILTER (WHERE e.click_count > 0)
      FROM emails e
      WHERE e.id > $1 AND e.id <= $2
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4
      %3$s""".formatted(SLOT, HourlyRollupSql.INSERT, HourlyRollupSql.ADD_ON_CONFLICT);

  private static final String ADVANCE = """
      UPDATE email_stats_backfill SET backfilled_to = $1, finished_at = CASE WHEN $1 >= cut THEN now() END""";

  private final Pool pool;
  private volatile boolean finished;

  StatsBackfill(Pool pool) {
    this.pool = pool;
  }

  /** Whether every email older than the triggers is counted; once true, stays true. */
  Future<Boolean> finished() {
    if (finished) {
      return Future.succeededFuture(true);
    }
    return pool.query("SELECT finished_at IS NOT NULL FROM email_stats_backfill").execute().map(rows -> {
      finished = rows.iterator().next().getBoolean(0);
      return finished;
    });
  }

  /** Counts the next {@code batch} ids; completes with whether ids remain. */
  Future<Boolean> step(int batch) {
    return pool.withTransaction(connection -> connection.query(LOCK).execute().compose(rows -> {
      Row state = rows.iterator().next();
      if (state.getValue("finished_at") != null) {
        return Future.succeededFuture(false);
      }
      long cut = state.getLong("cut");
      long from = state.getLong("backfilled_to");
      long to = Math.min(cut, from + batch);
      return connection.preparedQuery(COUNT_RANGE).execute(Tuple.of(from, to))
          .compose(counted -> connection.preparedQuery(ADVANCE).execute(Tuple.of(to)))
          .map(advanced -> to < cut);
    })).onSuccess(more -> finished = finished || !more);
  }
}
