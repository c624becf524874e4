package io.postbox.bus;

import io.postbox.contract.Dispatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

public final class DispatchClient implements Dispatch {
  /** SES retries (SPEC §10) and the acceptance budget (§24) fit in it; bus callers are told to allow 30 s (§19). */
  private static final DeliveryOptions SEND_OPTIONS = new DeliveryOptions().setSendTimeout(30_000);

  private final ServiceCalls calls;

  public DispatchClient(Vertx vertx) {
    this.calls = new ServiceCalls(vertx);
  }

  @Override
  public Future<Sent> send(SendCommand command) {
    return calls.request(SEND, command, SEND_OPTIONS);
  }

  @Override
  public Future<BatchSent> sendBatch(BatchCommand command) {
    return calls.request(SEND_BATCH, command, SEND_OPTIONS);
  }
}
