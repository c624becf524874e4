package io.postbox.api;

import io.postbox.contract.AccountStore;
import io.postbox.contract.ApiError;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.DefaultFrom;
import io.postbox.contract.Dispatch;
import io.postbox.contract.EmailStore;
import io.postbox.contract.IdempotencyStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The send, get and list requests shared by the HTTP routes and the public event-bus addresses. */
final class EmailRequests {
  static final int MAX_CC_AND_BCC = 49;
  static final long ATTACHMENTS_TOTAL_LIMIT = 10L * 1024 * 1024;

  private final AccountStore accounts;
  private final EmailStore emails;
  private final Dispatch dispatch;
  private final SendRequestValidator validator;
  private final DefaultFrom defaultFrom;
  private final SendFingerprints fingerprints;
  private final IdempotentSends idempotentSends;

  EmailRequests(AccountStore accounts, IdempotencyStore idempotencyKeys, EmailStore emails, Dispatch dispatch,
      SendRequestValidator validator, DefaultFrom defaultFrom) {
    this.accounts = accounts;
    this.emails = emails;
    this.dispatch = dispatch;
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
    return send(userId, false, fields, attachments, idempotencyKey, requestId);
  }

  /** {@code test}: sent with a test key (SPEC §28): through the sandbox simulator, flagged, kept apart. */
  Future<SendOutcome> send(long userId, boolean test, JsonObject fields, List<SendBody.Upload> attachments,
      String idempotencyKey, String requestId) {
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
    List<Dispatch.Attachment> files = new ArrayList<>();
    for (SendBody.Upload upload : attachments) {
      files.add(new Dispatch.Attachment(upload.fileName(), upload.content()));
    }
    Dispatch.SendCommand command = new Dispatch.SendCommand(userId, request, files, test);
    Supplier<Future<JsonObject>> send = () -> dispatch.send(command).map(Dispatch.Sent::email);
    if (idempotencyKey == null) {
      return send.get().map(SendOutcome::created);
    }
    // a test send differs from the same live send: one key's replay must not hand the other mode's email back
    String fingerprint = fingerprints.of(test ? request.copy().put("test", true) : request, attachments);
    return idempotentSends.run(userId, idempotencyKey, fingerprint, requestId, send);
  }

  /**
   * SPEC §29: each item through steps 5–7 on its own, then the valid ones to dispatch as one command. The first
   * {@code allowedItems} items are within the rate limit; the rest answer 429 in their slot. With an
   * {@code idempotencyKey} the fingerprint covers every item (invalid ones as sent) and the 200 body is stored.
   */
  Future<SendOutcome> sendBatch(long userId, boolean test, JsonArray items, int allowedItems, String idempotencyKey,
      String requestId) {
    JsonObject[] slots = new JsonObject[items.size()];
    List<JsonObject> toSend = new ArrayList<>();
    List<Integer> sentIndexes = new ArrayList<>();
    JsonArray fingerprinted = new JsonArray();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.getValue(i);
      ApiErrorOr<JsonObject> checked = checkBatchItem(i, item);
      fingerprinted.add(checked.failed() ? item : fingerprints.canonicalRequest(checked.value(), List.of()));
      if (i >= allowedItems) {
        slots[i] = itemError(i, RATE_LIMITED);
      } else if (checked.failed()) {
        slots[i] = itemError(i, checked.error());
      } else {
        toSend.add(checked.value());
        sentIndexes.add(i);
      }
    }
    Supplier<Future<JsonObject>> send = () -> (toSend.isEmpty()
        ? Future.succeededFuture(new Dispatch.BatchSent(List.of()))
        : dispatch.sendBatch(new Dispatch.BatchCommand(userId, toSend, test)))
        .map(sent -> {
          for (int k = 0; k < sent.items().size(); k++) {
            Dispatch.ItemOutcome outcome = sent.items().get(k);
            int index = sentIndexes.get(k);
            slots[index] = outcome.error() == null
                ? new JsonObject().put("index", index).put("status", 201).put("email", outcome.email())
                : itemError(index, outcome.error().status() == 500 && requestId != null
                    ? ApiError.internal(requestId) : outcome.error());
          }
          return new JsonObject().put("data", new JsonArray(List.of((Object[]) slots)));
        });
    if (idempotencyKey == null) {
      return send.get().map(body -> new SendOutcome(200, body, false));
    }
    JsonObject batch = new JsonObject().put("batch", fingerprinted);
    String fingerprint = SendFingerprints.sha256Hex(SendFingerprints.canonical(test ? batch.put("test", true) : batch));
    return idempotentSends.run(userId, idempotencyKey, fingerprint, requestId, 200, send);
  }

  static final ApiError RATE_LIMITED = new ApiError(429, "rate_limit", "Too many requests. Please try again later.");

  /** Steps 5–7 for one batch item: the normalised request, or the item's error. */
  private ApiErrorOr<JsonObject> checkBatchItem(int index, Object item) {
    if (!(item instanceof JsonObject fields)) {
      return ApiErrorOr.failure(ApiError.validation("\"emails[" + index + "]\" must be an object"));
    }
    ValidatedSend validated = validator.validate(fields);
    if (validated.error() != null) {
      return ApiErrorOr.failure(validated.error());
    }
    if (validated.attachmentsNotAsFiles()) {
      return ApiErrorOr.failure(ApiError.validation("\"emails[" + index + "].attachments\" is not allowed"));
    }
    JsonObject request = validated.request();
    if (request.getJsonArray("cc").size() + request.getJsonArray("bcc").size() > MAX_CC_AND_BCC) {
      return ApiErrorOr.failure(new ApiError(400, "too_many_recipients", "Maximum of 50 recipients allowed"));
    }
    return ApiErrorOr.of(request);
  }

  private static JsonObject itemError(int index, ApiError error) {
    return new JsonObject().put("index", index).put("status", error.status()).put("error", error.toJson());
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
    return get(userId, false, rawEmailId);
  }

  /** {@code test}: the caller holds a test key; each mode sees only its own emails (SPEC §28). */
  Future<JsonObject> get(long userId, boolean test, String rawEmailId) {
    ApiErrorOr<Long> emailId = PathParams.emailId(rawEmailId);
    if (emailId.failed()) {
      return failed(emailId.error());
    }
    return emails.get(new EmailStore.EmailQuery(userId, emailId.value(), test)).map(EmailStore.EmailObject::json);
  }

  /** SPEC §30: only a SCHEDULED email can be cancelled; the store answers 404 and 409. */
  Future<JsonObject> cancel(long userId, boolean test, String rawEmailId) {
    ApiErrorOr<Long> emailId = PathParams.emailId(rawEmailId);
    if (emailId.failed()) {
      return failed(emailId.error());
    }
    return emails.cancel(new EmailStore.EmailQuery(userId, emailId.value(), test)).map(EmailStore.EmailObject::json);
  }

  Future<JsonObject> events(long userId, String rawEmailId, ApiErrorOr<JsonObject> query) {
    return events(userId, false, rawEmailId, query);
  }

  Future<JsonObject> events(long userId, boolean test, String rawEmailId, ApiErrorOr<JsonObject> query) {
    ApiErrorOr<Long> emailId = PathParams.emailId(rawEmailId);
    if (emailId.failed()) {
      return failed(emailId.error());
    }
    if (query.failed()) {
      return failed(query.error());
    }
    JsonObject page = query.value();
    return emails.events(new EmailStore.EventsQuery(userId, emailId.value(), page.getInteger("limit"),
        page.getLong("offset"), test)).map(EmailStore.Page::json);
  }

  Future<JsonObject> list(long userId, ApiErrorOr<JsonObject> query) {
    return list(userId, false, query);
  }

  Future<JsonObject> list(long userId, boolean test, ApiErrorOr<JsonObject> query) {
    if (query.failed()) {
      return failed(query.error());
    }
    return emails.list(new EmailStore.ListQuery(userId, query.value(), test)).map(EmailStore.Page::json);
  }

  /** SPEC §18: the store counts one window of the caller's emails, the report adds the rates. */
  Future<JsonObject> stats(long userId, ApiErrorOr<JsonObject> query) {
    return stats(userId, false, query);
  }

  Future<JsonObject> stats(long userId, boolean test, ApiErrorOr<JsonObject> query) {
    if (query.failed()) {
      return failed(query.error());
    }
    JsonObject window = query.value();
    List<String> groupBy = new ArrayList<>();
    window.getJsonArray("group_by").forEach(group -> groupBy.add((String) group));
    return emails.stats(new EmailStore.StatsQuery(userId, Instant.parse(window.getString("from")),
            Instant.parse(window.getString("to")), groupBy, test))
        .map(counts -> StatsReports.of(window, new JsonObject().put("groups", new JsonArray(counts.groups()))));
  }

  /** The event-bus API trusts {@code user_id} but still refuses unknown users (SPEC §19). */
  Future<Long> knownUser(long userId) {
    return accounts.user(new AccountStore.UserLookup(userId)).map(user -> userId);
  }

  private static <T> Future<T> failed(ApiError error) {
    return Future.failedFuture(new ApiErrorException(error));
  }
}
