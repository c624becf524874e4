package io.postbox.api;

import io.postbox.bus.Replies;
import io.postbox.bus.ServiceAnswers;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.KeyScope;
import io.postbox.contract.PublicEmailApi;
import io.postbox.contract.Schemas;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The public event-bus API of SPEC §19: send, get and list for sibling verticles, with the HTTP semantics. */
final class PublicBusApi {
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final EmailRequests requests;
  private final ListQueryValidator listQueries;

  PublicBusApi(EmailRequests requests, ListQueryValidator listQueries) {
    this.requests = requests;
    this.listQueries = listQueries;
  }

  /** The send answers with headers, so it is a consumer of its own; get and list are plain answers. */
  Future<Void> register(EventBus bus, ServiceAnswers answers) {
    return Future.all(
        bus.<JsonObject>consumer(PublicEmailApi.SEND.address(), this::send).completion(),
        answers.answer(PublicEmailApi.GET, this::get),
        answers.answer(PublicEmailApi.LIST, this::list)).mapEmpty();
  }

  /** The optional {@code Idempotency-Key} travels as a message header, and a replay carries one back. */
  private void send(Message<JsonObject> message) {
    Future<SendOutcome> sent;
    try {
      sent = send(message.body(), message.headers().get(IDEMPOTENCY_KEY));
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    sent
        .onSuccess(outcome -> {
          if (!outcome.succeeded()) {
            message.fail(outcome.status(), outcome.body().encode());
          } else if (outcome.replayed()) {
            message.reply(outcome.body(), new DeliveryOptions().addHeader(SendRoute.IDEMPOTENT_REPLAYED, "true"));
          } else {
            message.reply(outcome.body());
          }
        })
        .onFailure(failure -> Replies.fail(message, failure));
  }

  private Future<SendOutcome> send(JsonObject body, String idempotencyKey) {
    return checked("email-send-message.json", body)
        .compose(valid -> requests.knownUser(body.getLong("user_id")))
        .compose(userId -> allowed(body, true, false).map(userId))
        .compose(userId -> idempotencyKey != null && !IdempotencyKeys.isValidSyntax(idempotencyKey)
            ? Future.failedFuture(new ApiErrorException(IdempotencyKeys.check(idempotencyKey)))
            : requests.send(userId, isTest(body), body.getJsonObject("request"), List.of(), idempotencyKey, null));
  }

  private Future<JsonObject> get(JsonObject message) {
    return checked("email-get-message.json", message).compose(valid -> requests.knownUser(message.getLong("user_id")))
        .compose(userId -> allowed(message, false, true).map(userId))
        .compose(userId -> requests.get(userId, isTest(message), message.getString("email_id")));
  }

  private Future<JsonObject> list(JsonObject message) {
    return checked("email-list-message.json", message).compose(valid -> requests.knownUser(message.getLong("user_id")))
        .compose(userId -> allowed(message, false, true).map(userId))
        .compose(userId -> requests.list(userId, isTest(message),
            listQueries.fromBus(message.getJsonObject("query", new JsonObject()))));
  }

  /** A sibling passes the scope of the key it acts for, or acts with {@code full} (SPEC §28). */
  private static Future<Void> allowed(JsonObject message, boolean sends, boolean reads) {
    KeyScope scope = KeyScope.parse(message.getString("scope", KeyScope.FULL.label()));
    return scope.allows(sends, reads) ? Future.succeededFuture()
        : Future.failedFuture(new ApiErrorException(KeyScope.forbidden()));
  }

  private static boolean isTest(JsonObject message) {
    return "test".equals(message.getString("mode"));
  }

  private static Future<Void> checked(String schema, JsonObject message) {
    ApiError error = Schemas.instance().checkEnvelope(schema, message);
    return error == null ? Future.succeededFuture() : Future.failedFuture(new ApiErrorException(error));
  }
}
