package io.postbox.ingest;

import io.postbox.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One raw SES message (from SQS, the callback or the sandbox) through parsing into the store. Completes once its
 * effects, or its reject, are committed; a failure means nothing was committed and the message may come again.
 */
final class RawMessages {
  private final SesEventParser parser;
  private final EventBus bus;

  RawMessages(SesEventParser parser, EventBus bus) {
    this.parser = parser;
    this.bus = bus;
  }

  Future<JsonObject> ingest(String source, String body) {
    ParsedMessage parsed = parser.parse(body);
    JsonObject message = new JsonObject().put("source", source).put("raw_body", body);
    switch (parsed.kind()) {
      case EVENTS -> message.put("reject_reason", null).put("events", new JsonArray(parsed.events()));
      case SNS_CONTROL -> {
        return Future.succeededFuture(new JsonObject().put("outcome", "sns_control"));
      }
      default -> message.put("reject_reason", parsed.reason()).put("events", new JsonArray());
    }
    return bus.<JsonObject>request(Addresses.STORE_EVENTS_APPLY, new JsonObject().put("messages", new JsonArray().add(message)))
        .map(committed -> new JsonObject().put("outcome", parsed.isReject() ? "rejected" : "applied"));
  }
}
