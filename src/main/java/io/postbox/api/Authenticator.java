package io.postbox.api;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * API-key authentication of SPEC §2. A request costs one HMAC; the key's row is cached briefly and dropped
 * at once when an operator changes keys or users ({@link #forgetAll()}).
 */
final class Authenticator {
  private static final String BEARER = "Bearer ";
  private static final long CACHE_MILLIS = 30_000;
  private static final int CACHE_LIMIT = 100_000;

  private final ApiKeys apiKeys;
  private final EventBus bus;
  private final LongSupplier clock;
  private final Map<String, CachedKey> cache = new ConcurrentHashMap<>();

  Authenticator(ApiKeys apiKeys, EventBus bus, LongSupplier clock) {
    this.apiKeys = apiKeys;
    this.bus = bus;
    this.clock = clock;
  }

  Future<Caller> authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith(BEARER)) {
      return rejected();
    }
    String key = authorization.substring(BEARER.length());
    if (!ApiKeys.isWellFormed(key)) {
      return rejected();
    }
    String hash = apiKeys.hash(key);
    long now = clock.getAsLong();
    CachedKey cached = cache.get(hash);
    if (cached != null && now - cached.fetchedAt() < CACHE_MILLIS) {
      return decide(cached.row(), now);
    }
    return bus.<JsonObject>request(Addresses.STORE_API_KEY_LOOKUP, new JsonObject().put("hash", hash))
        .compose(reply -> {
          if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
          }
          cache.put(hash, new CachedKey(reply.body(), now));
          return decide(reply.body(), now);
        });
  }

  void forgetAll() {
    cache.clear();
  }

  private static Future<Caller> decide(JsonObject row, long now) {
    if (!row.getBoolean("found")) {
      return rejected();
    }
    if (Instant.parse(row.getString("valid_until")).toEpochMilli() < now) {
      return rejected();
    }
    return Future.succeededFuture(new Caller(row.getLong("user_id"), row.getInteger("rate_limit")));
  }

  private static Future<Caller> rejected() {
    return Future.failedFuture(new ApiErrorException(ApiError.unauthenticated()));
  }

  private record CachedKey(JsonObject row, long fetchedAt) {
  }
}
