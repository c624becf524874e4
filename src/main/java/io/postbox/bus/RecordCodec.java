package io.postbox.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;

/**
 * Carries a record over the event bus: by reference between verticles of one node (records are immutable, and a
 * sender never changes what it sent), as JSON between nodes of a cluster.
 */
final class RecordCodec<T> implements MessageCodec<T, T> {
  private final Class<T> type;

  RecordCodec(Class<T> type) {
    this.type = type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    try {
      byte[] json = DatabindCodec.mapper().writeValueAsBytes(value);
      buffer.appendInt(json.length).appendBytes(json);
    } catch (JsonProcessingException e) {
      throw new EncodeException("Cannot encode " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public T decodeFromWire(int position, Buffer buffer) {
    int length = buffer.getInt(position);
    int start = position + Integer.BYTES;
    try {
      return DatabindCodec.mapper().readValue(buffer.getBytes(start, start + length), type);
    } catch (IOException e) {
      throw new DecodeException("Cannot decode " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return "postbox:" + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
