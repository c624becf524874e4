package io.postbox.api;

import io.postbox.contract.AccountStore;
import io.postbox.contract.AccountStore.ApiKey;
import io.postbox.contract.AccountStore.ApiKeyLookup;
import io.postbox.contract.AccountStore.ApiKeyMatch;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.ApiKeys;
import io.postbox.contract.KeyScope;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
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
  private final AccountStore accounts;
  private final LongSupplier clock;
  private final Map<String, CachedKey> cache = new ConcurrentHashMap<>();

  Authenticator(ApiKeys apiKeys, AccountStore accounts, LongSupplier clock) {
    this.apiKeys = apiKeys;
    this.accounts = accounts;
    this.clock = clock;
  }

  /**
   * Authenticates the request's key (401), then checks that its scope allows this method and path (403, SPEC §28);
   * both before the body is read.
   */
  Future<Caller> authorize(RoutingContext ctx) {
    return authenticate(ctx.request().getHeader("Authorization")).compose(caller -> allowed(ctx, caller));
  }

  /** The caller, or 403 {@code unauthorized} when its key's scope does not allow this request (SPEC §28). */
  static Future<Caller> allowed(RoutingContext ctx, Caller caller) {
    HttpServerRequest request = ctx.request();
    return RouteScopes.allows(caller.scope(), request.method(), ctx.normalizedPath())
        ? Future.succeededFuture(caller)
        : Future.failedFuture(new ApiErrorException(KeyScope.forbidden()));
  }

  /** Authentication alone; a route answers through {@link #authorize} so that the key's scope is checked too. */
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
      return decide(cached.match(), now);
    }
    return accounts.apiKey(new ApiKeyLookup(hash)).compose(match -> {
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(hash, new CachedKey(match, now));
      return decide(match, now);
    });
  }

  void forgetAll() {
    cache.clear();
  }

  private static Future<Caller> decide(ApiKeyMatch match, long now) {
    ApiKey key = match.key();
    if (key == null || key.validUntil().toEpochMilli() < now) {
      return rejected();
    }
    return Future.succeededFuture(new Caller(key.userId(), key.rateLimit(), key.scope(), key.test()));
  }

  private static Future<Caller> rejected() {
    return Future.failedFuture(new ApiErrorException(ApiError.unauthenticated()));
  }

  private record CachedKey(ApiKeyMatch match, long fetchedAt) {
  }
}
