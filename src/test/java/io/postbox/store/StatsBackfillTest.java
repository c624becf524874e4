package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.contract.EmailStore.StatsQuery;
import io.postbox.support.TestPostbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-off backfill of the stats rollup (V013, {@link StatsBackfill}): emails written while the triggers did not
 * exist, then backfilled in small batches by two runners at once while new emails and status changes keep coming
 * (some of them to emails the backfill has not reached yet), end up counted exactly once; until the backfill has
 * finished, stats are counted from the rows. Runs in a database of its own, since it switches the triggers off.
 */
class StatsBackfillTest {
  private static final int BATCH = 37;
  private static Vertx vertx;
  private static Pool admin;
  private static Pool pool;
  private static String database;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    PgConnectOptions test = PgConnectOptions.fromUri(TestPostbox.databaseUrl());
    admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(test).using(vertx).build();
    database = "postbox_backfill_" + UUID.randomUUID().toString().substring(0, 8);
    TestPostbox.await(admin.query("CREATE DATABASE " + database).execute());
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(6))
        .connectingTo(new PgConnectOptions(test).setDatabase(database)).using(vertx).build();
    TestPostbox.await(Migrations.apply(vertx, pool));
  }

  @AfterAll
  static void stop() {
    TestPostbox.await(pool.close());
    TestPostbox.await(admin.query("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)").execute());
    TestPostbox.await(vertx.close());
  }

  @Test
  void emailsOlderThanTheTriggersAreBackfilledOnceWhileWritesGoOn() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String context = "seed " + seed;
    long userId = StatsWorkload.createUser(pool);
    StatsWorkload workload = new StatsWorkload(pool, random, userId);

    // the history before V013: no triggers
    sql("ALTER TABLE emails DISABLE TRIGGER email_stats_count_inserts");
    sql("ALTER TABLE emails DISABLE TRIGGER email_stats_count_updates");
    List<Long> old = workload.insertEmails(2_000);
    List<Object> oldWrites = workload.randomHistories(old);
    int half = oldWrites.size() / 2;
    workload.apply(oldWrites.subList(0, half));
    // what V013 does when it meets existing emails
    sql("ALTER TABLE emails ENABLE TRIGGER email_stats_count_inserts");
    sql("ALTER TABLE emails ENABLE TRIGGER email_stats_count_updates");
    sql("UPDATE email_stats_backfill SET cut = (SELECT max(id) FROM emails), backfilled_to = 0, finished_at = NULL");

    EmailStats stats = new EmailStats(pool);
    StatsQuery everything = new StatsQuery(userId, StatsWorkload.START.minusSeconds(3600),
        StatsWorkload.START.plusMillis(StatsWorkload.SPAN_MS + 3_600_000), List.of("month", "tag"), false);
    assertThat(TestPostbox.await(stats.fromRollup(everything)).groups()).as("nothing counted yet").isEmpty();
    assertThat(TestPostbox.await(stats.stats(everything))).as("answered from the rows meanwhile")
        .isEqualTo(TestPostbox.await(stats.fromRows(everything)));

    List<Future<Void>> runners = List.of(backfillToTheEnd(new StatsBackfill(pool)),
        backfillToTheEnd(new StatsBackfill(pool)));
    List<Long> fresh = workload.insertEmails(500);
    List<Object> laterWrites = new ArrayList<>(oldWrites.subList(half, oldWrites.size()));
    laterWrites.addAll(workload.randomHistories(fresh));
    java.util.Collections.shuffle(laterWrites, random);
    workload.apply(laterWrites);
    TestPostbox.await(Future.all(runners));

    assertThat(TestPostbox.await(new StatsBackfill(pool).finished())).isTrue();
    long backfilledRows = TestPostbox.await(pool.preparedQuery(
            "SELECT count(*) FROM email_stats_hourly WHERE user_id = $1 AND slot = $2")
        .execute(Tuple.of(userId, StatsBackfill.SLOT))).iterator().next().getLong(0);
    String slots = TestPostbox.await(pool.preparedQuery(
            "SELECT string_agg(slot || ':' || n, ' ') FROM (SELECT slot, count(*) AS n FROM email_stats_hourly "
                + "GROUP BY slot ORDER BY slot) s").execute()).iterator().next().getString(0);
    String state = TestPostbox.await(pool.query("SELECT row_to_json(b)::text FROM email_stats_backfill b").execute())
        .iterator().next().getString(0);
    assertThat(backfilledRows).as(context + ", rows per slot " + slots + ", " + state).isGreaterThan(0);
    StatsWorkload.assertDaysHoldTheirSettledHours(pool, userId);
    StatsWorkload.assertRollupMatchesRows(stats, workload.randomQueries(300), context);
    assertThat(TestPostbox.await(stats.stats(everything)).groups()).as(context)
        .isEqualTo(TestPostbox.await(stats.fromRows(everything)).groups());
  }

  private static Future<Void> backfillToTheEnd(StatsBackfill backfill) {
    return backfill.step(BATCH).compose(more -> more
        ? vertx.timer(15).compose(paused -> backfillToTheEnd(backfill))
        : Future.succeededFuture());
  }

  private static void sql(String sql) {
    TestPostbox.await(pool.query(sql).execute());
  }
}
