package io.postbox.api;

import io.postbox.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Readiness of SPEC §21.3: each check answers UP or DOWN within two seconds. */
final class HealthChecks {
  private static final DeliveryOptions QUICK = new DeliveryOptions().setSendTimeout(2_000);
  private final EventBus bus;

  HealthChecks(EventBus bus) {
    this.bus = bus;
  }

  Future<JsonObject> ready() {
    return bus.request(Addresses.STORE_PING, new JsonObject(), QUICK)
        .map(reply -> "UP")
        .otherwise("DOWN")
        .map(database -> new JsonObject()
            .put("status", database)
            .put("checks", new JsonArray().add(new JsonObject().put("id", "database").put("status", database))));
  }
}
