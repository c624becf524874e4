package busbench.records;

import busbench.records.Messages.AcceptEmail;
import busbench.records.Messages.CreateEmail;
import busbench.records.Messages.EmailCreated;
import busbench.records.Messages.StatusChange;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/** Calls the emails store over the event bus. */
public final class EmailStoreClient implements EmailStore {
  private final EventBus bus;

  public EmailStoreClient(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public Future<EmailCreated> create(CreateEmail request) {
    return bus.<EmailCreated>request(CREATE, request).map(Message::body);
  }

  @Override
  public Future<StatusChange> accept(AcceptEmail request) {
    return bus.<StatusChange>request(ACCEPT, request).map(Message::body);
  }
}
