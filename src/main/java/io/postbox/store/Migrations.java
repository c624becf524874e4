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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL files listed in {@code db/migration/migrations.txt}, each once, in order, under a
 * session advisory lock so that nodes starting together do not race. A file runs in its own transaction, unless its
 * first line is {@value #NO_TRANSACTION}: then its statements (separated by a {@code ;} at the end of a line) run one
 * by one outside any transaction, as {@code CREATE INDEX CONCURRENTLY} requires, and each must be safe to run again
 * (a crash may leave the file half applied and unrecorded).
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final String FOLDER = "db/migration/";
  private static final long LOCK_ID = 0x706f7374626f78L;
  static final String NO_TRANSACTION = "-- postbox: no transaction";
  private static final long LOCK_POLL_MS = 200;

  private Migrations() {
  }

  public static Future<Integer> apply(Vertx vertx, Pool pool) {
    return vertx.executeBlocking(Migrations::readAll, false)
        .compose(files -> pool.withConnection(connection -> locked(vertx, connection,
            () -> applyMissing(connection, files))));
  }

  /**
   * Runs {@code work} holding the session advisory lock, taken by polling: a session blocked in
   * {@code pg_advisory_lock} would hold a snapshot that a concurrent index build of the lock holder waits for.
   * A migration may rewrite a large table, so the request path's statement timeout is lifted meanwhile.
   */
  private static Future<Integer> locked(Vertx vertx, SqlConnection connection, Supplier<Future<Integer>> work) {
    return connection.query("SHOW statement_timeout").execute()
        .compose(shown -> {
          String timeout = shown.iterator().next().getString(0);
          return connection.query("SET statement_timeout = 0").execute()
              .compose(unlimited -> lock(vertx, connection))
              .compose(held -> work.get()
                  .eventually(() -> connection.query("SELECT pg_advisory_unlock(" + LOCK_ID + ")").execute()))
              .eventually(() -> connection.preparedQuery("SELECT set_config('statement_timeout', $1, false)")
                  .execute(Tuple.of(timeout)));
        });
  }

  private static Future<Void> lock(Vertx vertx, SqlConnection connection) {
    return connection.query("SELECT pg_try_advisory_lock(" + LOCK_ID + ")").execute().compose(rows -> {
      if (rows.iterator().next().getBoolean(0)) {
        return Future.succeededFuture();
      }
      return vertx.timer(LOCK_POLL_MS).compose(waited -> lock(vertx, connection));
    });
  }

  private static Future<Integer> applyMissing(SqlConnection connection, List<MigrationFile> files) {
    return connection.query("CREATE TABLE IF NOT EXISTS schema_migrations "
            + "(version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())").execute()
        .compose(created -> connection.query("SELECT version FROM schema_migrations").execute())
        .compose(rows -> {
          Set<String> applied = new HashSet<>();
          for (Row row : rows) {
            applied.add(row.getString(0));
          }
          Future<Integer> chain = Future.succeededFuture(0);
          for (MigrationFile file : files) {
            if (!applied.contains(file.version())) {
              chain = chain.compose(count -> applyOne(connection, file).map(done -> {
                LOG.info("Applied migration {}", file.version());
                return count + 1;
              }));
            }
          }
          return chain;
        });
  }

  private static Future<Void> applyOne(SqlConnection connection, MigrationFile file) {
    if (!file.sql().startsWith(NO_TRANSACTION)) {
      return connection.begin().compose(transaction -> connection.query(file.sql()).execute()
          .compose(done -> record(connection, file))
          .compose(recorded -> transaction.commit())
          .recover(failure -> transaction.rollback().transform(rolledBack -> Future.failedFuture(failure))));
    }
    Future<Void> chain = Future.succeededFuture();
    for (String statement : statements(file.sql())) {
      chain = chain.compose(done -> connection.query(statement).execute().<Void>mapEmpty());
    }
    return chain.compose(done -> record(connection, file));
  }

  private static Future<Void> record(SqlConnection connection, MigrationFile file) {
    return connection.preparedQuery("INSERT INTO schema_migrations (version) VALUES ($1)")
        .execute(Tuple.of(file.version())).mapEmpty();
  }

  /**
   * The statements of a file, split at each {@code ;} that ends a line outside a quoted or dollar-quoted string (so
   * that a {@code DO $$ … $$} block stays whole); comments stay with their statement.
   */
  static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    String dollarTag = null;
    boolean inString = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (dollarTag != null) {
        if (sql.startsWith(dollarTag, i)) {
          i += dollarTag.length() - 1;
          dollarTag = null;
        }
      } else if (inString) {
        inString = c != '\'';
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end - 1;
      } else if (c == '\'') {
        inString = true;
      } else if (c == '$') {
        int close = sql.indexOf('$', i + 1);
        if (close > 0 && sql.substring(i + 1, close).matches("([A-Za-z_][A-Za-z_0-9]*)?")) {
          dollarTag = sql.substring(i, close + 1);
          i = close;
        }
      } else if (c == ';' && endsLine(sql, i + 1)) {
        add(statements, sql.substring(start, i));
        start = i + 1;
      }
    }
    add(statements, sql.substring(start));
    return statements;
  }

  private static boolean endsLine(String sql, int from) {
    int i = from;
    while (i < sql.length() && (sql.charAt(i) == ' ' || sql.charAt(i) == '\t' || sql.charAt(i) == '\r')) {
      i++;
    }
    return i == sql.length() || sql.charAt(i) == '\n';
  }

  private static void add(List<String> statements, String part) {
    String statement = part.strip();
    boolean onlyComments = statement.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("--"));
    if (!onlyComments) {
      statements.add(statement);
    }
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
