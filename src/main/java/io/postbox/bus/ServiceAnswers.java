package io.postbox.bus;

import io.postbox.contract.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Function;

/** The server side of every service: answers an {@link Endpoint} with a handler, failures as error envelopes. */
public final class ServiceAnswers {
  private final EventBus bus;

  public ServiceAnswers(Vertx vertx) {
    this.bus = vertx.eventBus();
    BusCodecs.register(bus);
  }

  /** Completes once the consumer's registration has propagated (across the cluster too). */
  public <Q, R> Future<Void> answer(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
    return bus.<Q>consumer(endpoint.address(), Replies.handler(handler)).completion();
  }
}
