package io.postbox.bus;

import io.postbox.contract.Endpoint;
import io.postbox.contract.Services;
import io.postbox.contract.Topic;
import io.vertx.core.eventbus.EventBus;

/** Registers a {@link RecordCodec} for every record that a service of {@link Services} carries. */
final class BusCodecs {
  private BusCodecs() {
  }

  static void register(EventBus bus) {
    synchronized (bus) {
      for (Endpoint<?, ?> endpoint : Services.ENDPOINTS) {
        registerOnce(bus, endpoint.request());
        registerOnce(bus, endpoint.reply());
      }
      for (Topic<?> topic : Services.TOPICS) {
        registerOnce(bus, topic.type());
      }
    }
  }

  private static <T> void registerOnce(EventBus bus, Class<T> type) {
    if (!type.isRecord()) {
      return;
    }
    try {
      bus.registerDefaultCodec(type, new RecordCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }
}
