package io.postbox.contract;

import java.util.List;
import java.util.stream.Stream;

/** Every service and topic on the event bus; the bus registers a codec for each record they carry. */
public final class Services {
  public static final List<Endpoint<?, ?>> ENDPOINTS = Stream.of(
          IdempotencyStore.ENDPOINTS,
          AccountStore.ENDPOINTS,
          WebhookStore.ENDPOINTS,
          WebhookTargets.ENDPOINTS,
          EmailStore.ENDPOINTS,
          Dispatch.ENDPOINTS,
          Ingest.ENDPOINTS,
          PublicEmailApi.ENDPOINTS,
          SuppressionStore.ENDPOINTS)
      .flatMap(List::stream).toList();
  public static final List<Topic<?>> TOPICS = Stream.of(
          AccountStore.TOPICS,
          WebhookStore.TOPICS,
          PublicEmailApi.TOPICS)
      .flatMap(List::stream).toList();

  private Services() {
  }
}
