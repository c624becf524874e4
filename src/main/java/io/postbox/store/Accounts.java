package io.postbox.store;

import io.postbox.contract.AccountStore;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.KeyScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Reads of users and API keys on the request path. */
public final class Accounts implements AccountStore {
  private static final String KEY_BY_HASH = """
      SELECT k.id, k.user_id, k.valid_until, k.scope, k.mode, u.rate_limit
      FROM api_keys k JOIN users u ON u.id = k.user_id
      WHERE k.hash = $1 AND k.revoked_at IS NULL""";
  private static final String USER_BY_ID = "SELECT id, email, rate_limit FROM users WHERE id = $1";

  private final Pool pool;

  public Accounts(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<ApiKeyMatch> apiKey(ApiKeyLookup lookup) {
    return pool.preparedQuery(KEY_BY_HASH).execute(Tuple.of(lookup.hash())).map(rows -> {
      if (rows.size() == 0) {
        return ApiKeyMatch.NONE;
      }
      Row row = rows.iterator().next();
      return new ApiKeyMatch(new ApiKey(row.getLong("id"), row.getLong("user_id"), row.getInteger("rate_limit"),
          row.getOffsetDateTime("valid_until").toInstant(), KeyScope.parse(row.getString("scope")),
          "test".equals(row.getString("mode"))));
    });
  }

  @Override
  public Future<User> user(UserLookup lookup) {
    return pool.preparedQuery(USER_BY_ID).execute(Tuple.of(lookup.userId())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ApiErrorException(ApiError.unauthenticated()));
      }
      Row row = rows.iterator().next();
      return Future.succeededFuture(new User(row.getLong("id"), row.getString("email"), row.getInteger("rate_limit")));
    });
  }

  @Override
  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }
}
