package busbench.records;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.function.Function;

/** Serves one operation of a service on its address: replies with the result or fails with a code and message. */
public final class ServiceBinding {
  private ServiceBinding() {
  }

  public static <Q, R> Future<Void> bind(EventBus bus, String address, Function<Q, Future<R>> operation) {
    return bus.<Q>consumer(address, message -> reply(message, operation)).completion();
  }

  private static <Q, R> void reply(Message<Q> message, Function<Q, Future<R>> operation) {
    Future<R> result;
    try {
      result = operation.apply(message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(message::reply, failure -> message.fail(500, String.valueOf(failure.getMessage())));
  }
}
