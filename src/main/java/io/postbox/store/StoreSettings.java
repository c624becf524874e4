package io.postbox.store;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;

/**
 * The store's part of the configuration: {@code pg.url}, {@code pg.poolSize}, {@code pg.statementTimeoutMs}, the
 * machine-open window.
 */
public record StoreSettings(String url, int poolSize, int statementTimeoutMs, Duration machineOpenWindow) {
  public static final String DEFAULT_URL = "postgresql://postbox:postbox@localhost:5432/postbox";
  public static final int DEFAULT_STATEMENT_TIMEOUT_MS = 5000;

  public static StoreSettings from(JsonObject config) {
    JsonObject pg = config.getJsonObject("pg", new JsonObject());
    int machineOpenSeconds = config.getJsonObject("tracking", new JsonObject()).getInteger("machineOpenSeconds", 10);
    return new StoreSettings(pg.getString("url", DEFAULT_URL), pg.getInteger("poolSize", 10),
        pg.getInteger("statementTimeoutMs", DEFAULT_STATEMENT_TIMEOUT_MS), Duration.ofSeconds(machineOpenSeconds));
  }

  /**
   * The request path's connections: PostgreSQL itself cancels a statement that runs past {@code statementTimeoutMs}
   * (SPEC §24), so a stuck query frees its backend as well as its caller. No parallel workers: a request's statement
   * reads few rows, but a generic plan cannot see that from its parameters and may gather workers, whose start costs
   * more than the whole statement (stats over 30 days on 5,000,000 emails: 3–7 ms serial, 60–70 ms with workers).
   */
  public PgConnectOptions connectOptions() {
    return adminConnectOptions().addProperty("statement_timeout", Integer.toString(statementTimeoutMs))
        .addProperty("max_parallel_workers_per_gather", "0");
  }

  /** Connections without a statement timeout, for the admin CLI's long work. */
  public PgConnectOptions adminConnectOptions() {
    // planning the batch statements costs more than running them: prepare once and keep the generic plan; the
    // merge and acceptance statements are longer than the client's default limit (2,048 characters) for caching
    return PgConnectOptions.fromUri(url)
        .addProperty("plan_cache_mode", "force_generic_plan")
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setPreparedStatementCacheSqlLimit(16 * 1024)
        .setPipeliningLimit(256);
  }

  public PoolOptions poolOptions() {
    return new PoolOptions().setMaxSize(poolSize).setShared(true).setName("postbox-pg").setConnectionTimeout(5);
  }
}
