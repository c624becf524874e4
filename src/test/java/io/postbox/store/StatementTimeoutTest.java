package io.postbox.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.postbox.support.Eventually;
import io.postbox.support.TestPostbox;
import io.postbox.support.TestPostbox.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §24: a request-path query that runs past {@code pg.statementTimeoutMs} is cancelled by PostgreSQL itself and
 * answered 503 with {@code Retry-After: 2}.
 */
class StatementTimeoutTest {
  private static TestPostbox postbox;
  private static TestUser user;

  @BeforeAll
  static void start() {
    postbox = TestPostbox.start(Map.of("POSTBOX_PG_STATEMENT_TIMEOUT_MS", "500"));
    user = postbox.createUser("slow", 1000);
  }

  @AfterAll
  static void stop() {
    postbox.close();
  }

  @Test
  void aQueryBlockedPastTheTimeoutIsCancelledInPostgresqlAndAnswered503() throws Exception {
    HttpResponse<Buffer> sent = postbox.send(user, new JsonObject().put("recipient", "a@example.com")
        .put("subject", "Slow").put("body", "<p>Hi</p>"));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    String path = "/v1/transactional/email/" + sent.bodyAsJsonObject().getString("id");

    SqlConnection holder = TestPostbox.await(postbox.pool.getConnection());
    HttpResponse<Buffer> blocked;
    long elapsedMillis;
    try {
      TestPostbox.await(holder.query("BEGIN").execute());
      TestPostbox.await(holder.query("LOCK TABLE emails IN ACCESS EXCLUSIVE MODE").execute());
      long start = System.nanoTime();
      blocked = postbox.get(user, path);
      elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(waitingOnLocks()).as("postbox queries still waiting in PostgreSQL while the lock is held")
          .isZero();
    } finally {
      TestPostbox.await(holder.query("ROLLBACK").execute());
      TestPostbox.await(holder.close());
    }

    assertThat(blocked.statusCode()).as(blocked.bodyAsString()).isEqualTo(503);
    assertThat(blocked.getHeader("Retry-After")).isEqualTo("2");
    assertThat(blocked.bodyAsJsonObject()).isEqualTo(new JsonObject().put("code", "service_unavailable")
        .put("message", "The service is temporarily unavailable. Please retry shortly."));
    assertThat(elapsedMillis).as("answered soon after the 500 ms timeout").isLessThan(4_000);

    HttpResponse<Buffer> afterwards = postbox.get(user, path);
    assertThat(afterwards.statusCode()).as(afterwards.bodyAsString()).isEqualTo(200);
  }

  @Test
  void requestPathConnectionsCarryTheTimeoutAndNoParallelWorkersAndAdminConnectionsDoNot() {
    assertThat(postbox.sql("SHOW statement_timeout").iterator().next().getString(0)).isEqualTo("0");
    Pool requestPath = PgBuilder.pool().connectingTo(StoreSettings.from(postbox.config).connectOptions())
        .using(postbox.vertx).build();
    try {
      assertThat(TestPostbox.await(requestPath.query("SHOW statement_timeout").execute()).iterator().next()
          .getString(0)).isEqualTo("500ms");
      // a generic plan must not start parallel workers for a request's few rows (StoreSettings)
      assertThat(TestPostbox.await(requestPath.query("SHOW max_parallel_workers_per_gather").execute()).iterator()
          .next().getString(0)).isEqualTo("0");
    } finally {
      TestPostbox.await(requestPath.close());
    }
  }

  private static long waitingOnLocks() {
    return Eventually.await(Duration.ofSeconds(5), "no postbox query to wait on a lock in PostgreSQL",
        () -> postbox.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            + "AND wait_event_type = 'Lock'").iterator().next().getLong(0), waiting -> waiting == 0);
  }
}
