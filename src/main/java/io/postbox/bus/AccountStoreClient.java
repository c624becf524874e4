package io.postbox.bus;

import io.postbox.contract.AccountStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

public final class AccountStoreClient implements AccountStore {
  private final ServiceCalls calls;

  public AccountStoreClient(Vertx vertx) {
    this.calls = new ServiceCalls(vertx);
  }

  @Override
  public Future<ApiKeyMatch> apiKey(ApiKeyLookup lookup) {
    return calls.request(API_KEY, lookup);
  }

  @Override
  public Future<User> user(UserLookup lookup) {
    return calls.request(USER, lookup);
  }

  @Override
  public Future<Void> ping() {
    return calls.request(PING, null);
  }
}
