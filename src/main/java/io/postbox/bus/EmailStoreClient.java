package io.postbox.bus;

import io.postbox.contract.EmailStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

public final class EmailStoreClient implements EmailStore {
  /** An acceptance attempt gives up well before the send's 10 s acceptance budget (SPEC §24) to try again. */
  private static final DeliveryOptions ACCEPTANCE_ATTEMPT = new DeliveryOptions().setSendTimeout(6_000);

  private final ServiceCalls calls;

  public EmailStoreClient(Vertx vertx) {
    this.calls = new ServiceCalls(vertx);
  }

  @Override
  public Future<Created> create(NewEmail email) {
    return calls.request(CREATE, email);
  }

  @Override
  public Future<Accepted> accepted(Acceptance acceptance) {
    return calls.request(ACCEPTED, acceptance, ACCEPTANCE_ATTEMPT);
  }

  @Override
  public Future<CreatedEmails> createMany(NewEmails emails) {
    return calls.request(CREATE_MANY, emails);
  }

  @Override
  public Future<AcceptedEmails> acceptedMany(AcceptanceBatch acceptances) {
    return calls.request(ACCEPTED_MANY, acceptances, ACCEPTANCE_ATTEMPT);
  }

  @Override
  public Future<DueEmails> claimDue(DueClaim claim) {
    return calls.request(CLAIM_DUE, claim);
  }

  @Override
  public Future<EmailObject> scheduled(EmailQuery query) {
    return calls.request(SCHEDULED, query);
  }

  @Override
  public Future<EmailObject> cancel(EmailQuery query) {
    return calls.request(CANCEL, query);
  }

  @Override
  public Future<Void> sendFailed(SendFailed failure) {
    return calls.request(SEND_FAILED, failure);
  }

  @Override
  public Future<EmailObject> get(EmailQuery query) {
    return calls.request(GET, query);
  }

  @Override
  public Future<Page> list(ListQuery query) {
    return calls.request(LIST, query);
  }

  @Override
  public Future<Page> events(EventsQuery query) {
    return calls.request(EVENTS, query);
  }

  @Override
  public Future<Counts> stats(StatsQuery query) {
    return calls.request(STATS, query);
  }

  @Override
  public Future<Void> applyEvents(ApplyEvents batch) {
    return calls.request(APPLY_EVENTS, batch);
  }
}
