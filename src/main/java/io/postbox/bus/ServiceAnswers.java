package io.postbox.bus;

import io.postbox.contract.Endpoint;
import io.postbox.contract.Topic;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Function;

/**
 * The server side of every service: answers an {@link Endpoint} with a handler, failures as error envelopes; and
 * the subscriber side of a {@link Topic}.
 */
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

  /** Answers requests from this node only (a cluster's other nodes do not see this consumer). */
  public <Q, R> Future<Void> answerLocally(Endpoint<Q, R> endpoint, Function<Q, Future<R>> handler) {
    return bus.<Q>localConsumer(endpoint.address(), Replies.handler(handler)).completion();
  }

  /** Every fact published on {@code topic}, on this verticle's context. */
  public <T> Future<Void> subscribe(Topic<T> topic, Handler<T> handler) {
    return bus.<T>consumer(topic.address(), message -> handler.handle(message.body())).completion();
  }
}
