package io.postbox.store;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Reads of users and API keys on the request path. */
public final class Accounts {
  private static final String KEY_BY_HASH = """
      SELECT k.id, k.user_id, k.valid_until, u.rate_limit
      FROM api_keys k JOIN users u ON u.id = k.user_id
      WHERE k.hash = $1 AND k.revoked_at IS NULL""";
  private static final String USER_BY_ID = "SELECT id, email, rate_limit FROM users WHERE id = $1";

  private final Pool pool;

  public Accounts(Pool pool) {
    this.pool = pool;
  }

  /** {@code {found:false}} or the key's user, rate limit and expiry; the caller checks the expiry. */
  public Future<JsonObject> apiKeyByHash(JsonObject query) {
    return pool.preparedQuery(KEY_BY_HASH).execute(Tuple.of(query.getString("hash"))).map(rows -> {
      if (rows.size() == 0) {
        return new JsonObject().put("found", false);
      }
      Row row = rows.iterator().next();
      return new JsonObject()
          .put("found", true)
          .put("key_id", row.getLong("id"))
          .put("user_id", row.getLong("user_id"))
          .put("rate_limit", row.getInteger("rate_limit"))
          .put("valid_until", Timestamps.format(row.getOffsetDateTime("valid_until")));
    });
  }

  public Future<JsonObject> user(JsonObject query) {
    return pool.preparedQuery(USER_BY_ID).execute(Tuple.of(query.getLong("user_id"))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ApiErrorException(ApiError.unauthenticated()));
      }
      Row row = rows.iterator().next();
      return Future.succeededFuture(new JsonObject()
          .put("user_id", row.getLong("id"))
          .put("email", row.getString("email"))
          .put("rate_limit", row.getInteger("rate_limit")));
    });
  }

  public Future<JsonObject> ping(JsonObject ignored) {
    return pool.query("SELECT 1").execute().map(rows -> new JsonObject().put("status", "UP"));
  }
}
