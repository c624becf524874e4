package busbench.records;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** Passes a record by reference on the local bus and as length-prefixed JSON between nodes. */
public final class RecordCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;
  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  RecordCodec(Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    this.type = type;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  /** Registers one codec per message record; call once per Vert.x instance. */
  public static void registerAll(EventBus bus) {
    register(bus, new RecordCodec<>(Messages.SendCommand.class, Messages.SendCommand::toJson,
        Messages.SendCommand::fromJson));
    register(bus, new RecordCodec<>(Messages.CreateEmail.class, Messages.CreateEmail::toJson,
        Messages.CreateEmail::fromJson));
    register(bus, new RecordCodec<>(Messages.EmailCreated.class, Messages.EmailCreated::toJson,
        Messages.EmailCreated::fromJson));
    register(bus, new RecordCodec<>(Messages.AcceptEmail.class, Messages.AcceptEmail::toJson,
        Messages.AcceptEmail::fromJson));
    register(bus, new RecordCodec<>(Messages.StatusChange.class, Messages.StatusChange::toJson,
        Messages.StatusChange::fromJson));
    register(bus, new RecordCodec<>(Messages.SendResult.class, Messages.SendResult::toJson,
        Messages.SendResult::fromJson));
  }

  private static <T> void register(EventBus bus, RecordCodec<T> codec) {
    bus.registerDefaultCodec(codec.type, codec);
  }

  @Override
  public void encodeToWire(Buffer buffer, T message) {
    Buffer json = toJson.apply(message).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int position, Buffer buffer) {
    int length = buffer.getInt(position);
    int start = position + Integer.BYTES;
    return fromJson.apply(new JsonObject(buffer.slice(start, start + length)));
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  Class<T> type() {
    return type;
  }
}
