package io.postbox.dispatch;

import io.postbox.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** The store's email commands, asked over the event bus. */
class EmailRecords {
  private final EventBus bus;

  EmailRecords(EventBus bus) {
    this.bus = bus;
  }

  Future<JsonObject> create(JsonObject command) {
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_CREATE, command).map(Message::body);
  }

  Future<JsonObject> accepted(JsonObject command) {
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_ACCEPTED, command).map(Message::body);
  }

  Future<JsonObject> sendFailed(JsonObject command) {
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_SEND_FAILED, command).map(Message::body);
  }
}
