package busbench.records;

import busbench.records.Messages.AcceptEmail;
import busbench.records.Messages.CreateEmail;
import busbench.records.Messages.EmailCreated;
import busbench.records.Messages.StatusChange;
import io.vertx.core.Future;

/** The emails aggregate of the store, as its callers see it. */
public interface EmailStore {
  String CREATE = "records.store.emails.create";
  String ACCEPT = "records.store.emails.accept";

  Future<EmailCreated> create(CreateEmail request);

  Future<StatusChange> accept(AcceptEmail request);
}
