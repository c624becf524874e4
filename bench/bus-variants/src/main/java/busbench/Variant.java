package busbench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** One way of carrying the send path over the event bus. */
public interface Variant {
  /** Deploys dispatch and store; the sender it returns performs one send from the caller's context. */
  Future<Supplier<Future<?>>> setUp(Vertx vertx, boolean withAttachments);

  /** Encodes and decodes one send command as a clustered event bus would; returns something derived from it. */
  Object wireRoundTrip(boolean withAttachments);
}
