package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Folds the live writers' slots (0–15) of {@code email_stats_hourly} into slot 16 once their hour is past, so that a
 * year of stats reads one row per hour and tag, not up to five. The rows are taken in key order with
 * {@code SKIP LOCKED}: a row that a writer is changing now is left for the next pass, and the fold never waits on a
 * writer; moving counts between slots of one key leaves every sum as it was.
 */
final class StatsCompaction {
  /** Hours younger than this keep their slots: they are the ones concurrent writers still hit. */
  static final Duration SETTLED = Duration.ofHours(2);

  private static final String FOLD = """
      WITH taken AS (
        DELETE FROM email_stats_hourly s
        WHERE s.ctid = ANY (ARRAY(
          SELECT r.ctid FROM email_stats_hourly r
          WHERE r.slot < %1$d AND r.hour < $1
          ORDER BY r.user_id, r.test, r.hour, r.tag, r.slot
          LIMIT $2
          FOR UPDATE SKIP LOCKED))
        RETURNING s.*
      ), folded AS (
      %2$s
      SELECT t.user_id, t.test, t.hour, t.tag, %1$d, sum(t.total), sum(t.unsent), sum(t.accepted), sum(t.sent),
        sum(t.delivered_status), sum(t.opened), sum(t.bounced), sum(t.complaint), sum(t.scheduled), sum(t.cancelled),
        sum(t.delivered), sum(t.complained), sum(t.human_opened), sum(t.clicked)
      FROM taken t
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4
      %3$s
      )
      SELECT count(*) AS taken FROM taken""".formatted(StatsBackfill.SLOT, HourlyRollupSql.INSERT,
      HourlyRollupSql.ADD_ON_CONFLICT);

  private final Pool pool;

  StatsCompaction(Pool pool) {
    this.pool = pool;
  }

  /** Folds at most {@code batch} slot rows of the hours before {@code before}; completes with how many it took. */
  Future<Integer> fold(Instant before, int batch) {
    return pool.preparedQuery(FOLD)
        .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC), batch))
        .map(rows -> rows.iterator().next().getLong("taken").intValue());
  }

  /** As {@link #fold(Instant, int)} for the hours that are settled now. */
  Future<Integer> foldSettled(int batch) {
    return fold(Instant.now().minus(SETTLED), batch);
  }
}
