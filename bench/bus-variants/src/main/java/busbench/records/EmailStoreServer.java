package busbench.records;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;

/** Puts an {@link EmailStore} implementation on the event bus. */
public final class EmailStoreServer {
  private EmailStoreServer() {
  }

  public static Future<Void> bind(EventBus bus, EmailStore store) {
    return Future.all(ServiceBinding.bind(bus, EmailStore.CREATE, store::create),
        ServiceBinding.bind(bus, EmailStore.ACCEPT, store::accept)).mapEmpty();
  }
}
