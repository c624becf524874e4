package io.postbox.api;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;

/** The /v1/webhooks routes of SPEC §16: validation and the private-target check here, the rest in the store. */
final class WebhookRequests {
  private static final int SECRET_BYTES = 24;

  private final EventBus bus;
  private final TargetCheck targets;
  private final int maxPerUser;
  private final SecureRandom random = new SecureRandom();

  WebhookRequests(EventBus bus, TargetCheck targets, int maxPerUser) {
    this.bus = bus;
    this.targets = targets;
    this.maxPerUser = maxPerUser;
  }

  Future<JsonObject> create(long userId, JsonObject body) {
    ApiErrorOr<JsonObject> fields = WebhookRequestValidator.forCreate(body);
    if (fields.failed()) {
      return Future.failedFuture(new ApiErrorException(fields.error()));
    }
    JsonObject command = fields.value().copy().put("user_id", userId).put("secret", newSecret())
        .put("max_per_user", maxPerUser);
    return targets.check(WebhookUrls.host(command.getString("url")))
        .compose(allowed -> request(Addresses.STORE_WEBHOOK_CREATE, command));
  }

  Future<JsonObject> list(long userId) {
    return request(Addresses.STORE_WEBHOOK_LIST, new JsonObject().put("user_id", userId));
  }

  Future<JsonObject> get(long userId, String webhookId) {
    return withId(webhookId, id -> request(Addresses.STORE_WEBHOOK_GET, target(userId, id)));
  }

  Future<JsonObject> update(long userId, String webhookId, JsonObject body) {
    return withId(webhookId, id -> checkedUpdate(userId, id, body));
  }

  private Future<JsonObject> checkedUpdate(long userId, String webhookId, JsonObject body) {
    ApiErrorOr<JsonObject> changes = WebhookRequestValidator.forUpdate(body);
    if (changes.failed()) {
      return Future.failedFuture(new ApiErrorException(changes.error()));
    }
    String url = changes.value().getString("url");
    Future<Void> allowed = url == null ? Future.succeededFuture() : targets.check(WebhookUrls.host(url));
    return allowed.compose(ok -> request(Addresses.STORE_WEBHOOK_UPDATE,
        target(userId, webhookId).put("changes", changes.value())));
  }

  Future<JsonObject> delete(long userId, String webhookId) {
    return withId(webhookId, id -> request(Addresses.STORE_WEBHOOK_DELETE, target(userId, id)));
  }

  Future<JsonObject> test(long userId, String webhookId) {
    return withId(webhookId, id -> request(Addresses.STORE_WEBHOOK_TEST, target(userId, id)));
  }

  Future<JsonObject> deliveries(long userId, String webhookId, ApiErrorOr<JsonObject> query) {
    return withId(webhookId, id -> query.failed() ? Future.failedFuture(new ApiErrorException(query.error()))
        : request(Addresses.STORE_WEBHOOK_DELIVERIES, query.value().copy().mergeIn(target(userId, id))));
  }

  Future<JsonObject> replay(long userId, String webhookId, String deliveryId) {
    ApiErrorOr<String> delivery = PathParams.deliveryId(deliveryId);
    return withId(webhookId, id -> delivery.failed() ? Future.failedFuture(new ApiErrorException(delivery.error()))
        : request(Addresses.STORE_WEBHOOK_REPLAY, target(userId, id).put("delivery_id", delivery.value())));
  }

  /** Path ids are checked before anything else of the request (SPEC §24: no control characters). */
  private static Future<JsonObject> withId(String rawWebhookId, Function<String, Future<JsonObject>> action) {
    ApiErrorOr<String> webhookId = PathParams.webhookId(rawWebhookId);
    return webhookId.failed() ? Future.failedFuture(new ApiErrorException(webhookId.error()))
        : action.apply(webhookId.value());
  }

  /** {@code whsec_} and the standard base64 of 24 random bytes (SPEC §16). */
  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return "whsec_" + Base64.getEncoder().encodeToString(bytes);
  }

  private static JsonObject target(long userId, String webhookId) {
    return new JsonObject().put("user_id", userId).put("webhook_id", webhookId);
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body).map(Message::body);
  }
}
