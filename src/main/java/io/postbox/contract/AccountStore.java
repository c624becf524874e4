package io.postbox.contract;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Users and API keys as the request path reads them (SPEC §2), and the database's readiness (SPEC §21.3). Operators
 * change them through the admin CLI; {@link #CACHE_INVALIDATED} tells every node to drop what it cached.
 */
public interface AccountStore {
  Endpoint<ApiKeyLookup, ApiKeyMatch> API_KEY = new Endpoint<>("postbox.internal.store.accounts.api-key.v1",
      ApiKeyLookup.class, ApiKeyMatch.class);
  Endpoint<UserLookup, User> USER = new Endpoint<>("postbox.internal.store.accounts.user.v1",
      UserLookup.class, User.class);
  Endpoint<Void, Void> PING = new Endpoint<>("postbox.internal.store.accounts.ping.v1", Void.class, Void.class);
  List<Endpoint<?, ?>> ENDPOINTS = List.of(API_KEY, USER, PING);

  /** Published when an operator changed users, keys, verified addresses or rate limits. */
  Topic<CacheChange> CACHE_INVALIDATED = new Topic<>("postbox.internal.cache.invalidated.v1", CacheChange.class);
  List<Topic<?>> TOPICS = List.of(CACHE_INVALIDATED);

  /** The unrevoked key with this hash, expired or not: the caller checks the expiry. */
  Future<ApiKeyMatch> apiKey(ApiKeyLookup lookup);

  /** Fails with 401 {@code unauthenticated} when there is no such user. */
  Future<User> user(UserLookup lookup);

  /** Succeeds when the database answers. */
  Future<Void> ping();

  record ApiKeyLookup(String hash) {
  }

  /** {@code key} is null when no unrevoked key has the hash. */
  record ApiKeyMatch(ApiKey key) {
    public static final ApiKeyMatch NONE = new ApiKeyMatch(null);
  }

  /** {@code test}: the key's mode is {@code test} (SPEC §28): its sends never reach SES, it sees only test emails. */
  record ApiKey(long keyId, long userId, int rateLimit, Instant validUntil, KeyScope scope, boolean test) {
    public ApiKey {
      scope = scope == null ? KeyScope.FULL : scope;
    }

    public ApiKey(long keyId, long userId, int rateLimit, Instant validUntil) {
      this(keyId, userId, rateLimit, validUntil, KeyScope.FULL, false);
    }
  }

  record UserLookup(long userId) {
  }

  record User(long userId, String email, int rateLimit) {
  }

  /** {@code change} is what the admin CLI announced, for the log; every cached account is dropped either way. */
  record CacheChange(String change) {
  }
}
