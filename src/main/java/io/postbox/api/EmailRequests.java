package io.postbox.api;

import io.postbox.contract.Addresses;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.DefaultFrom;
import io.postbox.contract.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/** The send, get and list requests shared by the HTTP routes and the public event-bus addresses. */
final class EmailRequests {
  static final int MAX_CC_AND_BCC = 49;
  static final long ATTACHMENTS_TOTAL_LIMIT = 10L * 1024 * 1024;
  private static final DeliveryOptions SEND_OPTIONS = new DeliveryOptions().setSendTimeout(30_000);

  private final EventBus bus;
  private final SendRequestValidator validator;
  private final DefaultFrom defaultFrom;
  private final SendFingerprints fingerprints;
  private final IdempotentSends idempotentSends;

  EmailRequests(EventBus bus, IdempotencyStore idempotencyKeys, SendRequestValidator validator,
      DefaultFrom defaultFrom) {
    this.bus = bus;
    this.validator = validator;
    this.defaultFrom = defaultFrom;
    this.fingerprints = new SendFingerprints(defaultFrom);
    this.idempotentSends = new IdempotentSends(idempotencyKeys);
  }

  /**
   * Steps 5–8 of SPEC §4.3 here, steps 9–16 in dispatch. With an {@code idempotencyKey} (syntax already
   * checked; null for none) the claim of §17 is taken once steps 5–7 have passed. {@code requestId} is the HTTP
   * request id, null on the bus.
   */
  Future<SendOutcome> send(long userId, JsonObject fields, List<SendBody.Upload> attachments, String idempotencyKey,
      String requestId) {
    ValidatedSend validated = validator.validate(fields);
    if (validated.error() != null) {
      return failed(validated.error());
    }
    JsonObject request = validated.request();
    ApiError attachmentError = checkAttachments(validated, request, attachments);
    if (attachmentError != null) {
      return failed(attachmentError);
    }
    if (request.getJsonArray("cc").size() + request.getJsonArray("bcc").size() > MAX_CC_AND_BCC) {
      return failed(new ApiError(400, "too_many_recipients", "Maximum of 50 recipients allowed"));
    }
    JsonArray files = new JsonArray();
    for (SendBody.Upload upload : attachments) {
      files.add(new JsonObject()
          .put("file_name", upload.fileName())
          .put("content", Base64.getEncoder().encodeToString(upload.content().getBytes())));
    }
    JsonObject command = new JsonObject().put("user_id", userId).put("request", request).put("attachments", files);
    Supplier<Future<JsonObject>> dispatch =
        () -> bus.<JsonObject>request(Addresses.DISPATCH_SEND, command, SEND_OPTIONS).map(Message::body);
    if (idempotencyKey == null) {
      return dispatch.get().map(SendOutcome::created);
    }
    return idempotentSends.run(userId, idempotencyKey, fingerprints.of(request, attachments), requestId, dispatch);
  }

  private ApiError checkAttachments(ValidatedSend validated, JsonObject request, List<SendBody.Upload> attachments) {
    if (validated.attachmentsNotAsFiles()) {
      return new ApiError(400, "attachment_format", "Attachments must be sent via form-data");
    }
    if (attachments.isEmpty()) {
      return null;
    }
    if (defaultFrom.isDefault(request.getString("from"))) {
      return new ApiError(403, "unauthorized", "Attachments are not allowed with the default from address");
    }
    long total = 0;
    for (SendBody.Upload upload : attachments) {
      total += upload.size();
    }
    if (total > ATTACHMENTS_TOTAL_LIMIT) {
      return new ApiError(413, "attachment_limit", "Cumulative attachment size exceeds limit");
    }
    return null;
  }

  Future<JsonObject> get(long userId, String rawEmailId) {
    ApiErrorOr<Long> emailId = PathParams.emailId(rawEmailId);
    if (emailId.failed()) {
      return failed(emailId.error());
    }
    JsonObject query = new JsonObject().put("user_id", userId).put("email_id", Long.toString(emailId.value()));
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_GET, query).map(Message::body);
  }

  Future<JsonObject> events(long userId, String rawEmailId, ApiErrorOr<JsonObject> query) {
    ApiErrorOr<Long> emailId = PathParams.emailId(rawEmailId);
    if (emailId.failed()) {
      return failed(emailId.error());
    }
    if (query.failed()) {
      return failed(query.error());
    }
    JsonObject message = query.value().copy().put("user_id", userId).put("email_id", Long.toString(emailId.value()));
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_EVENTS, message).map(Message::body);
  }

  Future<JsonObject> list(long userId, ApiErrorOr<JsonObject> query) {
    if (query.failed()) {
      return failed(query.error());
    }
    JsonObject message = new JsonObject().put("user_id", userId).put("query", query.value());
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_LIST, message).map(Message::body);
  }

  /** SPEC §18: the store counts one window of the caller's emails, the report adds the rates. */
  Future<JsonObject> stats(long userId, ApiErrorOr<JsonObject> query) {
    if (query.failed()) {
      return failed(query.error());
    }
    JsonObject message = query.value().copy().put("user_id", userId);
    return bus.<JsonObject>request(Addresses.STORE_EMAIL_STATS, message)
        .map(reply -> StatsReports.of(query.value(), reply.body()));
  }

  /** The event-bus API trusts {@code user_id} but still refuses unknown users (SPEC §19). */
  Future<Long> knownUser(long userId) {
    return bus.<JsonObject>request(Addresses.STORE_USER_GET, new JsonObject().put("user_id", userId))
        .map(reply -> userId);
  }

  private static <T> Future<T> failed(ApiError error) {
    return Future.failedFuture(new ApiErrorException(error));
  }
}
