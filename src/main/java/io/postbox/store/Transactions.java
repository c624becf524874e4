package io.postbox.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * Transactions for the hot paths. {@link Pool#withTransaction} waits for {@code BEGIN} to answer before it sends the
 * first statement; here {@code BEGIN} goes out in the same write as the first statement (the connection pipelines
 * them), which saves a round trip per transaction. If {@code BEGIN} fails the connection is broken, and so are the
 * statements behind it.
 */
final class Transactions {
  private Transactions() {
  }

  /** Runs {@code work} between BEGIN and COMMIT on one connection; rolls back if either fails. */
  static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(connection -> {
      Future<?> begin = connection.query("BEGIN").execute();
      Future<T> result = Future.succeededFuture(connection).compose(work);
      return Future.join(begin, result).transform(outcome -> outcome.succeeded()
          ? connection.query("COMMIT").execute().map(result.result())
          : connection.query("ROLLBACK").execute().transform(rolledBack -> Future.failedFuture(outcome.cause())));
    });
  }
}
