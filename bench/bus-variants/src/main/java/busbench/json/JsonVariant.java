package busbench.json;

import busbench.Payload;
import busbench.Variant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.impl.codecs.JsonObjectMessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Variant C, today's postbox: JsonObject bodies on string addresses, attachments base64 inside the JSON. */
public final class JsonVariant implements Variant {
  static final String DISPATCH_SEND = "json.dispatch.send";
  static final String STORE_CREATE = "json.store.emails.create";
  static final String STORE_ACCEPT = "json.store.emails.accept";


  static final class Dispatch extends VerticleBase {
    @Override
    public Future<?> start() {
      return vertx.eventBus().<JsonObject>consumer(DISPATCH_SEND, message -> send(message.body())
          .onComplete(message::reply, failure -> message.fail(500, failure.getMessage()))).completion();
    }

    Future<JsonObject> send(JsonObject command) {
      JsonObject request = command.getJsonObject("request");
      long attachmentBytes = 0;
      for (Object item : request.getJsonArray("attachments")) {
        attachmentBytes += Base64.getDecoder().decode(((JsonObject) item).getString("content")).length;
      }
      long size = attachmentBytes;
      JsonObject row = new JsonObject().put("user_id", command.getLong("user_id"))
          .put("from", request.getString("from")).put("to", request.getJsonArray("to"))
          .put("subject", request.getString("subject")).put("html", request.getString("html"))
          .put("text", request.getString("text")).put("tags", request.getJsonArray("tags"));
      EventBus bus = vertx.eventBus();
      return bus.<JsonObject>request(STORE_CREATE, row).map(Message::body)
          .compose(created -> bus.<JsonObject>request(STORE_ACCEPT, new JsonObject()
              .put("email_id", created.getLong("id"))
              .put("ses_message_id", "ses-" + created.getLong("id") + "-" + size)))
          .map(accepted -> new JsonObject().put("email_id", accepted.body().getLong("email_id"))
              .put("status", accepted.body().getString("status")));
    }
  }

  static final class Store extends VerticleBase {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public Future<?> start() {
      EventBus bus = vertx.eventBus();
      Future<Void> create = bus.<JsonObject>consumer(STORE_CREATE, message -> message.reply(new JsonObject()
          .put("id", ids.incrementAndGet()).put("created_at", Instant.now()))).completion();
      Future<Void> accept = bus.<JsonObject>consumer(STORE_ACCEPT, message -> message.reply(new JsonObject()
          .put("email_id", message.body().getLong("email_id")).put("user_id", Payload.USER_ID)
          .put("status", "accepted").put("previous_status", "queued").put("occurred_at", Instant.now())
          .put("ses_message_id", message.body().getString("ses_message_id")))).completion();
      return Future.all(create, accept);
    }
  }

  @Override
  public Future<Supplier<Future<?>>> setUp(Vertx vertx, boolean withAttachments) {
    return vertx.deployVerticle(new Store())
        .compose(id -> vertx.deployVerticle(new Dispatch()))
        .map(id -> () -> vertx.eventBus().<JsonObject>request(DISPATCH_SEND, command(withAttachments))
            .map(Message::body));
  }

  static JsonObject command(boolean withAttachments) {
    JsonArray attachments = new JsonArray();
    if (withAttachments) {
      for (int i = 0; i < 2; i++) {
        attachments.add(new JsonObject().put("filename", Payload.ATTACHMENT_NAMES.get(i))
            .put("content_type", Payload.ATTACHMENT_TYPE).put("content", Payload.ATTACHMENTS_BASE64.get(i)));
      }
    }
    JsonObject request = new JsonObject().put("from", Payload.FROM).put("to", new JsonArray(Payload.TO))
        .put("subject", Payload.SUBJECT).put("html", Payload.HTML).put("text", Payload.TEXT)
        .put("tags", new JsonArray(Payload.TAGS)).put("attachments", attachments);
    return new JsonObject().put("user_id", Payload.USER_ID).put("request", request);
  }

  private static final JsonObjectMessageCodec JSON_CODEC = new JsonObjectMessageCodec();
  private static final JsonObject WIRE_PLAIN = command(false);
  private static final JsonObject WIRE_ATTACHED = command(true);

  @Override
  public Object wireRoundTrip(boolean withAttachments) {
    Buffer wire = Buffer.buffer();
    JSON_CODEC.encodeToWire(wire, withAttachments ? WIRE_ATTACHED : WIRE_PLAIN);
    return JSON_CODEC.decodeFromWire(0, wire);
  }
}
