package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL files listed in {@code db/migration/migrations.txt}, each once, in order,
 * inside one transaction guarded by an advisory lock so that nodes starting together do not race.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final String FOLDER = "db/migration/";
  private static final long LOCK_ID = 0x706f7374626f78L;

  private Migrations() {
  }

  public static Future<Integer> apply(Vertx vertx, Pool pool) {
    return vertx.executeBlocking(Migrations::readAll, false)
        .compose(files -> pool.withTransaction(connection -> applyMissing(connection, files)));
  }

  private static Future<Integer> applyMissing(SqlConnection connection, List<MigrationFile> files) {
    // a migration may rewrite a large table: the request path's statement timeout does not apply here
    return connection.query("SET LOCAL statement_timeout = 0").execute()
        .compose(unlimited -> connection.query("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")").execute())
        .compose(locked -> connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").execute())
        .compose(exists -> exists.iterator().next().getBoolean(0) ? Future.succeededFuture() : connection.query(
            "CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            .execute().mapEmpty())
        .compose(created -> connection.query("SELECT version FROM schema_migrations").execute())
        .compose(rows -> {
          Set<String> applied = new HashSet<>();
          for (Row row : rows) {
            applied.add(row.getString(0));
          }
          Future<Integer> chain = Future.succeededFuture(0);
          for (MigrationFile file : files) {
            if (!applied.contains(file.version())) {
              chain = chain.compose(count -> connection.query(file.sql()).execute()
                  .compose(done -> connection.preparedQuery("INSERT INTO schema_migrations (version) VALUES ($1)")
                      .execute(Tuple.of(file.version())))
                  .map(done -> {
                    LOG.info("Applied migration {}", file.version());
                    return count + 1;
                  }));
            }
          }
          return chain;
        });
  }

  private static List<MigrationFile> readAll() {
    List<MigrationFile> files = new ArrayList<>();
    for (String line : read("migrations.txt").split("\n")) {
      String name = line.trim();
      if (!name.isEmpty()) {
        files.add(new MigrationFile(name.substring(0, name.indexOf("__")), read(name)));
      }
    }
    return files;
  }

  private static String read(String name) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("Missing migration resource " + FOLDER + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record MigrationFile(String version, String sql) {
  }
}
