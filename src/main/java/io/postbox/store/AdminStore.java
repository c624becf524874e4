package io.postbox.store;

import io.postbox.contract.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.function.Function;

/**
 * The SQL of the admin CLI (SPEC §21.5). Every change also sends a NOTIFY on {@link StoreVerticle#CACHE_CHANNEL}
 * in the same transaction, so that running servers drop what they cached.
 */
public final class AdminStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  public AdminStore(Pool pool) {
    this.pool = pool;
  }

  /** Thrown for an operator mistake; the message is printed as it is. */
  public static final class AdminException extends RuntimeException {
    public AdminException(String message) {
      super(message);
    }
  }

  public Future<Void> migrate(Vertx vertx) {
    return Migrations.apply(vertx, pool).mapEmpty();
  }

  public Future<Long> createUser(String email, int rateLimit) {
    return changing("user", client -> client
        .preparedQuery("INSERT INTO users (email, rate_limit) VALUES ($1, $2) RETURNING id")
        .execute(Tuple.of(email, rateLimit))
        .map(rows -> rows.iterator().next().getLong("id")))
        .recover(failure -> Future.failedFuture(failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? new AdminException("A user with email " + email + " already exists") : failure));
  }

  /** {@code {id, email}} of the user named by id or login email. */
  public Future<JsonObject> findUser(String userRef) {
    boolean byId = userRef.matches("\\d{1,18}");
    String sql = byId ? "SELECT id, email FROM users WHERE id = $1" : "SELECT id, email FROM users WHERE email = $1";
    Tuple args = byId ? Tuple.of(Long.parseLong(userRef)) : Tuple.of(userRef.toLowerCase(Locale.ROOT));
    return pool.preparedQuery(sql).execute(args).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new AdminException("No user " + userRef))
        : Future.succeededFuture(new JsonObject()
            .put("id", rows.iterator().next().getLong("id"))
            .put("email", rows.iterator().next().getString("email"))));
  }

  public Future<Void> setRateLimit(long userId, int limit) {
    return changing("user:" + userId, client -> client
        .preparedQuery("UPDATE users SET rate_limit = $2 WHERE id = $1").execute(Tuple.of(userId, limit)).mapEmpty());
  }

  /**
   * A user's own retention (SPEC §31): {@code {content_days, delete_days}}, each null when the user follows the
   * node's {@code retention.*} settings.
   */
  public Future<JsonObject> retention(long userId) {
    return pool.preparedQuery("SELECT retention_content_days, retention_delete_days FROM users WHERE id = $1")
        .execute(Tuple.of(userId))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new JsonObject()
              .put("content_days", row.getInteger("retention_content_days"))
              .put("delete_days", row.getInteger("retention_delete_days"));
        });
  }

  /** Sets both of a user's retention overrides; null follows the node's settings, 0 keeps for ever. */
  public Future<Void> setRetention(long userId, Integer contentDays, Integer deleteDays) {
    return changing("user:" + userId, client -> client
        .preparedQuery("UPDATE users SET retention_content_days = $2, retention_delete_days = $3 WHERE id = $1")
        .execute(Tuple.of(userId, contentDays, deleteDays)).mapEmpty());
  }

  public Future<Long> createApiKey(long userId, String hash, String lastFive, String label, OffsetDateTime validUntil) {
    return createApiKey(userId, hash, lastFive, label, validUntil, "full", "live");
  }

  /** {@code scope} {@code full|send|read}, {@code mode} {@code live|test} (SPEC §28). */
  public Future<Long> createApiKey(long userId, String hash, String lastFive, String label, OffsetDateTime validUntil,
      String scope, String mode) {
    return changing("apikey", client -> client
        .preparedQuery("INSERT INTO api_keys (user_id, hash, last_five, label, valid_until, scope, mode)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .execute(Tuple.of(userId, hash, lastFive, label, validUntil, scope, mode))
        .map(rows -> rows.iterator().next().getLong("id")));
  }

  public Future<JsonArray> listApiKeys(long userId) {
    return pool.preparedQuery(
            "SELECT id, label, last_five, valid_until, revoked_at, scope, mode FROM api_keys WHERE user_id = $1"
                + " ORDER BY id")
        .execute(Tuple.of(userId))
        .map(rows -> {
          JsonArray keys = new JsonArray();
          for (Row row : rows) {
            keys.add(new JsonObject()
                .put("id", row.getLong("id"))
                .put("label", row.getString("label"))
                .put("last_five", row.getString("last_five"))
                .put("valid_until", Timestamps.format(row.getOffsetDateTime("valid_until")))
                .put("revoked_at", Timestamps.format(row.getOffsetDateTime("revoked_at")))
                .put("scope", row.getString("scope"))
                .put("mode", row.getString("mode")));
          }
          return keys;
        });
  }

  public Future<Void> revokeApiKey(long keyId) {
    return changing("apikey:" + keyId, client -> client
        .preparedQuery("UPDATE api_keys SET revoked_at = date_trunc('milliseconds', now()) WHERE id = $1 AND revoked_at IS NULL RETURNING id")
        .execute(Tuple.of(keyId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new AdminException("No active API key with id " + keyId))
            : Future.succeededFuture()));
  }

  public Future<Void> verifyFrom(long userId, String address) {
    return changing("from:" + userId, client -> client
        .preparedQuery("INSERT INTO verified_from_addresses (user_id, address) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(userId, address)).mapEmpty());
  }

  public Future<Void> unverifyFrom(long userId, String address) {
    return changing("from:" + userId, client -> client
        .preparedQuery("DELETE FROM verified_from_addresses WHERE user_id = $1 AND address = $2 RETURNING address")
        .execute(Tuple.of(userId, address))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new AdminException(address + " is not a verified from address of that user"))
            : Future.succeededFuture()));
  }

  public Future<JsonArray> listBlacklist(int limit) {
    return pool.preparedQuery("SELECT address, reason, created_at FROM blacklist ORDER BY created_at DESC, address LIMIT $1")
        .execute(Tuple.of(limit))
        .map(rows -> {
          JsonArray entries = new JsonArray();
          for (Row row : rows) {
            entries.add(new JsonObject()
                .put("address", row.getString("address"))
                .put("reason", row.getString("reason"))
                .put("created_at", Timestamps.format(row.getOffsetDateTime("created_at"))));
          }
          return entries;
        });
  }

  public Future<Void> addToBlacklist(String address) {
    return changing("blacklist", client -> client
        .preparedQuery("INSERT INTO blacklist (address, reason) VALUES ($1, 'operator') ON CONFLICT (address) DO NOTHING")
        .execute(Tuple.of(address)).mapEmpty());
  }

  public Future<Void> removeFromBlacklist(String address) {
    return changing("blacklist", client -> client
        .preparedQuery("DELETE FROM blacklist WHERE address = $1 RETURNING address")
        .execute(Tuple.of(address))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new AdminException(address + " is not on the blacklist"))
            : Future.succeededFuture()));
  }

  /** A user's suppression list (SPEC §27), newest first. */
  public Future<JsonArray> listSuppressions(long userId, int limit) {
    return pool.preparedQuery("SELECT " + Suppressions.COLUMNS + " FROM suppressions WHERE user_id = $1 "
            + "ORDER BY created_at DESC, address DESC LIMIT $2")
        .execute(Tuple.of(userId, limit))
        .map(rows -> {
          JsonArray entries = new JsonArray();
          for (Row row : rows) {
            Long emailId = row.getLong("email_id");
            entries.add(new JsonObject()
                .put("address", row.getString("address"))
                .put("reason", row.getString("reason"))
                .put("origin", row.getString("origin"))
                .put("email_id", emailId == null ? null : emailId.toString())
                .put("created_at", Timestamps.format(row.getOffsetDateTime("created_at"))));
          }
          return entries;
        });
  }

  public Future<Void> removeSuppression(long userId, String address) {
    return changing("suppressions:" + userId, client -> client
        .preparedQuery("DELETE FROM suppressions WHERE user_id = $1 AND address = $2 RETURNING address")
        .execute(Tuple.of(userId, address))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new AdminException(address + " is not on that user's suppression list"))
            : Future.succeededFuture()));
  }

  private <T> Future<T> changing(String what, Function<SqlClient, Future<T>> change) {
    return pool.withTransaction(connection -> change.apply(connection)
        .compose(result -> connection.preparedQuery("SELECT pg_notify($1, $2)")
            .execute(Tuple.of(StoreVerticle.CACHE_CHANNEL, what))
            .map(notified -> result)));
  }
}
