package io.postbox.bus;

import io.postbox.contract.WebhookTargets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/** Asks this node's guard: its answer depends on this node's settings and resolver only. */
public final class WebhookTargetsClient implements WebhookTargets {
  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

  private final ServiceCalls calls;

  public WebhookTargetsClient(Vertx vertx) {
    this.calls = new ServiceCalls(vertx);
  }

  @Override
  public Future<Target> check(Host host) {
    return calls.request(CHECK, host, THIS_NODE);
  }
}
