package io.postbox.bus;

import io.postbox.contract.Ingest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

public final class IngestClient implements Ingest {
  private static final DeliveryOptions THIS_NODE_QUICKLY = new DeliveryOptions().setLocalOnly(true)
      .setSendTimeout(2_000);

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

  @Override
  public Future<SqsReadiness> health() {
    return calls.request(HEALTH, null, THIS_NODE_QUICKLY);
  }
}
