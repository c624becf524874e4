package io.postbox.bus;

import io.postbox.contract.SuppressionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

public final class SuppressionStoreClient implements SuppressionStore {
  private final ServiceCalls calls;

  public SuppressionStoreClient(Vertx vertx) {
    this.calls = new ServiceCalls(vertx);
  }

  @Override
  public Future<Added> add(NewSuppression suppression) {
    return calls.request(ADD, suppression);
  }

  @Override
  public Future<SuppressionPage> list(SuppressionQuery query) {
    return calls.request(LIST, query);
  }

  @Override
  public Future<Suppression> get(SuppressionRef ref) {
    return calls.request(GET, ref);
  }

  @Override
  public Future<Void> delete(SuppressionRef ref) {
    return calls.request(DELETE, ref);
  }

  @Override
  public Future<Check> check(SuppressionRef ref) {
    return calls.request(CHECK, ref);
  }
}
