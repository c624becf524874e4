package io.postbox.store;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.SuppressionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** All SQL about the per-user suppression lists of SPEC §27 that the api asks for. */
final class Suppressions implements SuppressionStore {
  static final String COLUMNS = "address, reason, origin, email_id, created_at";

  /**
   * The new entry, or the one already there. A row deleted between the conflict and the read gives no row: the
   * caller tries again.
   */
  private static final String ADD = """
      WITH added AS (
        INSERT INTO suppressions (user_id, address, reason, origin) VALUES ($1, $2, 'manual', 'api')
        ON CONFLICT (user_id, address) DO NOTHING
        RETURNING %1$s
      )
      SELECT %1$s, true AS created FROM added
      UNION ALL
      SELECT %1$s, false AS created FROM suppressions
      WHERE user_id = $1 AND address = $2 AND NOT EXISTS (SELECT 1 FROM added)""".formatted(COLUMNS);

  private static final String LIST = """
      SELECT %s FROM suppressions
      WHERE user_id = $1 AND ($2::text IS NULL OR reason = $2)
        AND ($3::timestamptz IS NULL OR (created_at, address) < ($3, $4))
      ORDER BY created_at DESC, address DESC
      LIMIT $5::int""".formatted(COLUMNS);

  private static final String GET = "SELECT " + COLUMNS + " FROM suppressions WHERE user_id = $1 AND address = $2";

  private static final String DELETE = "DELETE FROM suppressions WHERE user_id = $1 AND address = $2";

  /** Operators' entries carry {@code operator} as reason; the API spells a hand-made entry {@code manual}. */
  private static final String CHECK = """
      SELECT scope, reason FROM (
        SELECT 0 AS rank, 'global' AS scope, CASE reason WHEN 'operator' THEN 'manual' ELSE reason END AS reason
        FROM blacklist WHERE address = $2
        UNION ALL
        SELECT 1, 'user', reason FROM suppressions WHERE user_id = $1 AND address = $2
      ) found ORDER BY rank LIMIT 1""";

  private static final int ADD_ATTEMPTS = 3;

  private final Pool pool;

  Suppressions(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Added> add(NewSuppression suppression) {
    return add(suppression, 1);
  }

  private Future<Added> add(NewSuppression suppression, int attempt) {
    return pool.preparedQuery(ADD).execute(Tuple.of(suppression.userId(), suppression.address())).compose(rows -> {
      if (rows.size() > 0) {
        Row row = rows.iterator().next();
        return Future.succeededFuture(new Added(of(row), row.getBoolean("created")));
      }
      if (attempt >= ADD_ATTEMPTS) {
        return Future.failedFuture(new ApiErrorException(ApiError.serviceUnavailable()));
      }
      return add(suppression, attempt + 1);
    });
  }

  @Override
  public Future<SuppressionPage> list(SuppressionQuery query) {
    Position after = query.after();
    Tuple args = Tuple.of(query.userId(), query.reason(),
        after == null ? null : OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC),
        after == null ? null : after.address(), query.limit() + 1);
    return pool.preparedQuery(LIST).execute(args).map(rows -> {
      List<Suppression> data = new ArrayList<>();
      for (Row row : rows) {
        data.add(of(row));
      }
      boolean hasMore = data.size() > query.limit();
      return new SuppressionPage(hasMore, hasMore ? data.subList(0, query.limit()) : data);
    });
  }

  @Override
  public Future<Suppression> get(SuppressionRef ref) {
    return pool.preparedQuery(GET).execute(Tuple.of(ref.userId(), ref.address())).compose(rows -> rows.size() == 0
        ? Future.failedFuture(notFound(ref.address())) : Future.succeededFuture(of(rows.iterator().next())));
  }

  @Override
  public Future<Void> delete(SuppressionRef ref) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(ref.userId(), ref.address()))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(notFound(ref.address())) : Future.succeededFuture());
  }

  @Override
  public Future<Check> check(SuppressionRef ref) {
    return pool.preparedQuery(CHECK).execute(Tuple.of(ref.userId(), ref.address())).map(rows -> {
      if (rows.size() == 0) {
        return new Check(ref.address(), false, null, null);
      }
      Row row = rows.iterator().next();
      return new Check(ref.address(), true, row.getString("scope"), row.getString("reason"));
    });
  }

  static Suppression of(Row row) {
    return new Suppression(row.getString("address"), row.getString("reason"), row.getString("origin"),
        row.getLong("email_id"), row.getOffsetDateTime("created_at").toInstant());
  }

  static List<Suppression> of(RowSet<Row> rows) {
    List<Suppression> entries = new ArrayList<>();
    rows.forEach(row -> entries.add(of(row)));
    return entries;
  }

  private static ApiErrorException notFound(String address) {
    return new ApiErrorException(ApiError.notFound("Suppression for " + address + " not found."));
  }
}
