package io.postbox.webhooks;

import io.postbox.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The store addresses a delivery loop uses: claim due deliveries, record an attempt, purge old ones. */
interface DeliveryStore {
  /** Due deliveries leased to this caller: {@code [{id, event_id, attempt_count, payload, url, secret}]}. */
  Future<JsonArray> claim(int limit, long leaseMillis);

  Future<Void> record(JsonObject attempt);

  Future<JsonObject> purge(int retentionDays);

  static DeliveryStore over(EventBus bus) {
    return new DeliveryStore() {
      @Override
      public Future<JsonArray> claim(int limit, long leaseMillis) {
        return bus.<JsonObject>request(Addresses.STORE_WEBHOOK_CLAIM,
                new JsonObject().put("limit", limit).put("lease_ms", leaseMillis))
            .map(reply -> reply.body().getJsonArray("deliveries"));
      }

      @Override
      public Future<Void> record(JsonObject attempt) {
        return bus.request(Addresses.STORE_WEBHOOK_ATTEMPT, attempt).mapEmpty();
      }

      @Override
      public Future<JsonObject> purge(int retentionDays) {
        return bus.<JsonObject>request(Addresses.STORE_WEBHOOK_PURGE,
            new JsonObject().put("retention_days", retentionDays)).map(Message::body);
      }
    };
  }
}
