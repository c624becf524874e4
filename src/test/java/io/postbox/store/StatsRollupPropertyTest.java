package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.EmailStore.Counts;
import io.postbox.contract.EmailStore.StatsQuery;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §18 from the rollup (V013) equals SPEC §18 counted from the rows, for random emails and random histories
 * applied in random orders and batches by concurrent transactions, and for random windows (arbitrary, whole hours,
 * UTC day and month starts, inside one hour) and groupings, also while the live slots are folded concurrently; deleting emails does not change what was counted (SPEC §31).
 */
class StatsRollupPropertyTest {
  private static final int EMAILS = 3_000;
  private static final int QUERIES = 300;
  private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonObject config = TestPostbox.config(Map.of());
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(StoreSettings.from(config).adminConnectOptions()).using(vertx).build();
    TestPostbox.await(Migrations.apply(vertx, pool));
  }

  @AfterAll
  static void stop() {
    TestPostbox.await(vertx.close());
  }

  @Test
  void theRollupCountsExactlyWhatTheRowsCountForAnyWindowOrderAndBatching() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    long userId = StatsWorkload.createUser(pool);
    StatsWorkload workload = new StatsWorkload(pool, random, userId);
    EmailStats stats = new EmailStats(pool);
    assertThat(TestPostbox.await(new StatsBackfill(pool).finished())).isTrue();

    List<Long> ids = workload.insertEmails(EMAILS);
    List<Object> writes = workload.randomHistories(ids);
    int half = writes.size() / 2;
    workload.apply(writes.subList(0, half));
    StatsWorkload.assertRollupMatchesRows(stats, workload.randomQueries(QUERIES / 3), "seed " + seed + ", half");
    long slots = TestPostbox.await(pool.preparedQuery(
            "SELECT count(DISTINCT slot) FROM email_stats_hourly WHERE user_id = $1")
        .execute(Tuple.of(userId))).iterator().next().getLong(0);
    assertThat(slots).as("concurrent writers spread over slots").isGreaterThan(1);

    // the second half runs while the slots are folded, every hour at once (as if all were settled)
    AtomicBoolean writing = new AtomicBoolean(true);
    Future<Void> folding = foldWhile(new StatsCompaction(pool), writing);
    workload.apply(writes.subList(half, writes.size()));
    writing.set(false);
    TestPostbox.await(folding);
    StatsWorkload.assertDaysHoldTheirSettledHours(pool, userId);
    StatsWorkload.assertRollupMatchesRows(stats, workload.randomQueries(QUERIES), "seed " + seed);

    StatsCompaction compaction = new StatsCompaction(pool);
    while (TestPostbox.await(compaction.fold(FAR_FUTURE, 100)) > 0) {
      // until every live slot is folded
    }
    long liveSlotRows = TestPostbox.await(pool.preparedQuery(
            "SELECT count(*) FROM email_stats_hourly WHERE user_id = $1 AND slot < $2")
        .execute(Tuple.of(userId, StatsBackfill.SLOT))).iterator().next().getLong(0);
    assertThat(liveSlotRows).isZero();
    StatsWorkload.assertDaysHoldTheirSettledHours(pool, userId);
    StatsWorkload.assertRollupMatchesRows(stats, workload.randomQueries(QUERIES / 3), "seed " + seed + ", folded");
  }

  private static Future<Void> foldWhile(StatsCompaction compaction, AtomicBoolean writing) {
    return compaction.fold(FAR_FUTURE, 50).compose(taken -> writing.get()
        ? vertx.timer(5).compose(paused -> foldWhile(compaction, writing))
        : Future.succeededFuture());
  }

  @Test
  void deletingEmailsLeavesTheirWholeHoursCounted() {
    Random random = new Random();
    long userId = StatsWorkload.createUser(pool);
    StatsWorkload workload = new StatsWorkload(pool, random, userId);
    EmailStats stats = new EmailStats(pool);
    List<Long> ids = workload.insertEmails(500);
    workload.apply(workload.randomHistories(ids));
    Instant from = StatsWorkload.START.truncatedTo(ChronoUnit.HOURS);
    Instant to = from.plus(40, ChronoUnit.DAYS);
    List<StatsQuery> queries = new ArrayList<>();
    for (List<String> groupBy : List.of(List.<String>of(), List.of("month", "tag"))) {
      queries.add(new StatsQuery(userId, from, to, groupBy, false));
    }
    List<Counts> before = queries.stream().map(query -> TestPostbox.await(stats.stats(query))).toList();
    assertThat(before.get(0).groups().get(0).getLong("total")).isGreaterThan(300L);

    TestPostbox.await(pool.preparedQuery("DELETE FROM emails WHERE user_id = $1")
        .execute(Tuple.of(userId)));

    List<Counts> after = queries.stream().map(query -> TestPostbox.await(stats.stats(query))).toList();
    assertThat(after).isEqualTo(before);
    assertThat(TestPostbox.await(stats.fromRows(queries.get(0))).groups().get(0).getLong("total")).isZero();
  }
}
