package io.postbox.api;

import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.WebhookStore.DeliveriesQuery;
import io.postbox.contract.WebhookStore.DeliveryStatus;
import io.postbox.contract.WebhookStore.NewWebhook;
import io.postbox.contract.WebhookStore.Replay;
import io.postbox.contract.WebhookStore.UserWebhooks;
import io.postbox.contract.WebhookStore.WebhookRef;
import io.postbox.contract.WebhookStore.WebhookUpdate;
import io.postbox.contract.WebhookStore;
import io.postbox.contract.WebhookTargets.Host;
import io.postbox.contract.WebhookTargets.Refusal;
import io.postbox.contract.WebhookTargets;
import io.postbox.contract.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** The /v1/webhooks routes of SPEC §16: validation and the private-target check here, the rest in the store. */
final class WebhookRequests {
  private static final int SECRET_BYTES = 24;
  static final String PRIVATE_TARGET = "\"url\" must not point to a private or loopback address";

  private final WebhookStore store;
  private final WebhookTargets targets;
  private final int maxPerUser;
  private final SecureRandom random = new SecureRandom();

  WebhookRequests(WebhookStore store, WebhookTargets targets, int maxPerUser) {
    this.store = store;
    this.targets = targets;
    this.maxPerUser = maxPerUser;
  }

  Future<JsonObject> create(long userId, JsonObject body) {
    ApiErrorOr<JsonObject> fields = WebhookRequestValidator.forCreate(body);
    if (fields.failed()) {
      return Future.failedFuture(new ApiErrorException(fields.error()));
    }
    JsonObject valid = fields.value();
    NewWebhook webhook = new NewWebhook(userId, valid.getString("url"), strings(valid.getJsonArray("event_types")),
        valid.getBoolean("enabled"), valid.getString("description"), newSecret(), maxPerUser);
    return allowed(webhook.url())
        .compose(ok -> store.create(webhook))
        .map(WebhookResources::of);
  }

  Future<JsonObject> list(long userId) {
    return store.list(new UserWebhooks(userId)).map(WebhookResources::of);
  }

  Future<JsonObject> get(long userId, String webhookId) {
    return withId(userId, webhookId, ref -> store.get(ref).map(WebhookResources::of));
  }

  Future<JsonObject> update(long userId, String webhookId, JsonObject body) {
    return withId(userId, webhookId, ref -> checkedUpdate(ref, body));
  }

  private Future<JsonObject> checkedUpdate(WebhookRef ref, JsonObject body) {
    ApiErrorOr<JsonObject> valid = WebhookRequestValidator.forUpdate(body);
    if (valid.failed()) {
      return Future.failedFuture(new ApiErrorException(valid.error()));
    }
    JsonObject changes = valid.value();
    WebhookUpdate update = new WebhookUpdate(ref, changes.getString("url"),
        changes.containsKey("event_types") ? strings(changes.getJsonArray("event_types")) : null,
        changes.getBoolean("enabled"), changes.containsKey("description"), changes.getString("description"));
    Future<Void> checked = update.url() == null ? Future.succeededFuture() : allowed(update.url());
    return checked.compose(ok -> store.update(update)).map(WebhookResources::of);
  }

  Future<JsonObject> delete(long userId, String webhookId) {
    return withId(userId, webhookId, ref -> store.delete(ref)
        .map(deleted -> new JsonObject().put("id", ref.webhookId())));
  }

  Future<JsonObject> test(long userId, String webhookId) {
    return withId(userId, webhookId, ref -> store.test(ref).map(WebhookResources::of));
  }

  Future<JsonObject> deliveries(long userId, String webhookId, ApiErrorOr<JsonObject> query) {
    return withId(userId, webhookId, ref -> {
      if (query.failed()) {
        return Future.failedFuture(new ApiErrorException(query.error()));
      }
      String status = query.value().getString("status");
      return store.deliveries(new DeliveriesQuery(ref, status == null ? null : DeliveryStatus.ofWireName(status),
          query.value().getInteger("limit"), query.value().getLong("offset"))).map(WebhookResources::of);
    });
  }

  Future<JsonObject> replay(long userId, String webhookId, String deliveryId) {
    ApiErrorOr<String> delivery = PathParams.deliveryId(deliveryId);
    return withId(userId, webhookId, ref -> delivery.failed()
        ? Future.failedFuture(new ApiErrorException(delivery.error()))
        : store.replay(new Replay(ref, delivery.value())).map(WebhookResources::of));
  }

  /** A host that does not resolve (yet) is accepted: every attempt checks again. */
  private Future<Void> allowed(String url) {
    return targets.check(new Host(WebhookUrls.host(url))).compose(target ->
        target.refusal() == Refusal.PRIVATE
            ? Future.failedFuture(new ApiErrorException(ApiError.validation(PRIVATE_TARGET)))
            : Future.succeededFuture());
  }

  /** Path ids are checked before anything else of the request (SPEC §24: no control characters). */
  private static Future<JsonObject> withId(long userId, String rawWebhookId,
      Function<WebhookRef, Future<JsonObject>> action) {
    ApiErrorOr<String> webhookId = PathParams.webhookId(rawWebhookId);
    return webhookId.failed() ? Future.failedFuture(new ApiErrorException(webhookId.error()))
        : action.apply(new WebhookRef(userId, webhookId.value()));
  }

  /** {@code whsec_} and the standard base64 of 24 random bytes (SPEC §16). */
  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return "whsec_" + Base64.getEncoder().encodeToString(bytes);
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }
}
