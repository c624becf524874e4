package io.postbox.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The public event-bus API of SPEC §19 for sibling verticles: JSON bodies with their published schemas, unchanged
 * on the wire. A send may carry an {@code Idempotency-Key} header, and a replay answers with one.
 */
public final class PublicEmailApi {
  public static final Endpoint<JsonObject, JsonObject> SEND =
      new Endpoint<>(Addresses.EMAIL_SEND, JsonObject.class, JsonObject.class);
  public static final Endpoint<JsonObject, JsonObject> GET =
      new Endpoint<>(Addresses.EMAIL_GET, JsonObject.class, JsonObject.class);
  public static final Endpoint<JsonObject, JsonObject> LIST =
      new Endpoint<>(Addresses.EMAIL_LIST, JsonObject.class, JsonObject.class);
  public static final List<Endpoint<?, ?>> ENDPOINTS = List.of(SEND, GET, LIST);

  /** Published after every committed status change, as {@link StatusChange#toJson()}. */
  public static final Topic<JsonObject> STATUS_CHANGED = new Topic<>(Addresses.EMAIL_STATUS_CHANGED, JsonObject.class);
  public static final List<Topic<?>> TOPICS = List.of(STATUS_CHANGED);

  private PublicEmailApi() {
  }
}
