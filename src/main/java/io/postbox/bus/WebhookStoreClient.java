package io.postbox.bus;

import io.postbox.contract.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

public final class WebhookStoreClient implements WebhookStore {
  private final ServiceCalls calls;

  public WebhookStoreClient(Vertx vertx) {
    this.calls = new ServiceCalls(vertx);
  }

  @Override
  public Future<Webhook> create(NewWebhook webhook) {
    return calls.request(CREATE, webhook);
  }

  @Override
  public Future<WebhookList> list(UserWebhooks query) {
    return calls.request(LIST, query);
  }

  @Override
  public Future<Webhook> get(WebhookRef ref) {
    return calls.request(GET, ref);
  }

  @Override
  public Future<Webhook> update(WebhookUpdate update) {
    return calls.request(UPDATE, update);
  }

  @Override
  public Future<Void> delete(WebhookRef ref) {
    return calls.request(DELETE, ref);
  }

  @Override
  public Future<Delivery> test(WebhookRef ref) {
    return calls.request(TEST, ref);
  }

  @Override
  public Future<DeliveryPage> deliveries(DeliveriesQuery query) {
    return calls.request(DELIVERIES, query);
  }

  @Override
  public Future<Delivery> replay(Replay replay) {
    return calls.request(REPLAY, replay);
  }

  @Override
  public Future<DueDeliveries> claim(Claim claim) {
    return calls.request(CLAIM, claim);
  }

  @Override
  public Future<Void> attempt(AttemptMade attempt) {
    return calls.request(ATTEMPT, attempt);
  }

  @Override
  public Future<Purged> purge(Purge purge) {
    return calls.request(PURGE, purge);
  }
}
