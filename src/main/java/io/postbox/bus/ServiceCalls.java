package io.postbox.bus;

import io.postbox.contract.Endpoint;
import io.postbox.contract.Topic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/** The client side of every service: a typed request to an {@link Endpoint}, and its typed reply. */
public final class ServiceCalls {
  private static final DeliveryOptions DEFAULT = new DeliveryOptions();

  private final EventBus bus;

  public ServiceCalls(Vertx vertx) {
    this.bus = vertx.eventBus();
    BusCodecs.register(bus);
  }

  public <Q, R> Future<R> request(Endpoint<Q, R> endpoint, Q request) {
    return request(endpoint, request, DEFAULT);
  }

  public <Q, R> Future<R> request(Endpoint<Q, R> endpoint, Q request, DeliveryOptions options) {
    return bus.<R>request(endpoint.address(), request, options).map(Message::body);
  }

  public <T> void publish(Topic<T> topic, T fact) {
    bus.publish(topic.address(), fact);
  }
}
