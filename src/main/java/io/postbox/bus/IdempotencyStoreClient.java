package io.postbox.bus;

import io.postbox.contract.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

public final class IdempotencyStoreClient implements IdempotencyStore {
  private final ServiceCalls calls;

  public IdempotencyStoreClient(Vertx vertx) {
    this.calls = new ServiceCalls(vertx);
  }

  @Override
  public Future<Claimed> claim(Claim claim) {
    return calls.request(CLAIM, claim);
  }

  @Override
  public Future<Void> finish(Finish finish) {
    return calls.request(FINISH, finish);
  }

  @Override
  public Future<Void> release(Held held) {
    return calls.request(RELEASE, held);
  }
}
