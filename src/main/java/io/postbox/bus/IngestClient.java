package io.postbox.bus;

import io.postbox.contract.Ingest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

public final class IngestClient implements Ingest {
  private final ServiceCalls calls;

  public IngestClient(Vertx vertx) {
    this.calls = new ServiceCalls(vertx);
  }

  @Override
  public Future<Outcome> raw(RawMessage message) {
    return calls.request(RAW, message);
  }

  @Override
  public Future<CallbackStatus> callback(CallbackBody body) {
    return calls.request(CALLBACK, body);
  }
}
