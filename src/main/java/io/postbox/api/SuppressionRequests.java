package io.postbox.api;

import io.postbox.api.Guarded.Answer;
import io.postbox.contract.ApiErrorException;
import io.postbox.contract.ControlCharacters;
import io.postbox.contract.EmailAddresses;
import io.postbox.contract.SuppressionStore;
import io.postbox.contract.SuppressionStore.NewSuppression;
import io.postbox.contract.SuppressionStore.Position;
import io.postbox.contract.SuppressionStore.Suppression;
import io.postbox.contract.SuppressionStore.SuppressionPage;
import io.postbox.contract.SuppressionStore.SuppressionQuery;
import io.postbox.contract.SuppressionStore.SuppressionRef;
import io.postbox.contract.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The /v1/suppressions routes of SPEC §27: validation and the answer's shape here, the list in the store. */
final class SuppressionRequests {
  static final String CSV_HEADER = "address,reason,origin,email_id,created_at\n";
  static final String CURSOR_INVALID = "\"cursor\" is invalid";
  static final String REASON_MESSAGE = "\"reason\" must be one of [complaint, manual]";
  static final String MANUAL_REASON_MESSAGE = "\"reason\" must be [manual]";
  /** Rows per database read while exporting: the export never holds more than one chunk. */
  static final int EXPORT_CHUNK = 1000;
  private static final QueryIntegers.Bounded LIMIT = new QueryIntegers.Bounded("limit", 1, 1000L, 10);
  private static final List<String> LIST_PARAMS = List.of("limit", "cursor", "reason");
  private static final Set<String> REASONS = Set.of(SuppressionStore.COMPLAINT, SuppressionStore.MANUAL);
  private static final String CURSOR_VERSION = "s1";

  private final SuppressionStore store;

  SuppressionRequests(SuppressionStore store) {
    this.store = store;
  }

  /** 201 with a new entry, 200 with the entry already there (SPEC §27). */
  Future<Answer> create(long userId, JsonObject body) {
    ApiErrorOr<String> address = address(body.getValue("address"), true);
    if (address.failed()) {
      return invalid(address);
    }
    Object reason = body.getValue("reason");
    if (reason != null && !SuppressionStore.MANUAL.equals(reason)) {
      return invalid(ApiErrorOr.validationFailure(reason instanceof String text && ControlCharacters.present(text)
          ? ControlCharacters.message("reason") : MANUAL_REASON_MESSAGE));
    }
    for (String key : body.fieldNames()) {
      if (!key.equals("address") && !key.equals("reason")) {
        return invalid(ApiErrorOr.validationFailure("\"" + key + "\" is not allowed"));
      }
    }
    return store.add(new NewSuppression(userId, address.value()))
        .map(added -> new Answer(added.created() ? 201 : 200, toJson(added.suppression())));
  }

  Future<JsonObject> list(long userId, ApiErrorOr<Map<String, List<String>>> params) {
    ApiErrorOr<SuppressionQuery> query = params.flatMap(p -> listQuery(userId, p));
    if (query.failed()) {
      return invalid(query);
    }
    return store.list(query.value()).map(page -> page(query.value(), page));
  }

  Future<JsonObject> get(long userId, String rawAddress) {
    ApiErrorOr<String> address = address(rawAddress, false);
    return address.failed() ? invalid(address)
        : store.get(new SuppressionRef(userId, address.value())).map(SuppressionRequests::toJson);
  }

  /** 204; global entries are not the user's to lift (SPEC §27), so they are simply not found here. */
  Future<Answer> delete(long userId, String rawAddress) {
    ApiErrorOr<String> address = address(rawAddress, false);
    return address.failed() ? invalid(address)
        : store.delete(new SuppressionRef(userId, address.value())).map(deleted -> new Answer(204, null));
  }

  Future<JsonObject> check(long userId, ApiErrorOr<Map<String, List<String>>> params) {
    ApiErrorOr<String> address = params.flatMap(p -> {
      for (String name : p.keySet()) {
        if (!name.equals("address")) {
          return ApiErrorOr.validationFailure("\"" + name + "\" is not allowed");
        }
      }
      List<String> values = p.get("address");
      return address(values == null ? null : values.size() == 1 ? plusKept(values.get(0)) : values, true);
    });
    if (address.failed()) {
      return invalid(address);
    }
    return store.check(new SuppressionRef(userId, address.value())).map(check -> new JsonObject()
        .put("address", check.address()).put("suppressed", check.suppressed()).put("scope", check.scope())
        .put("reason", check.reason()));
  }

  /**
   * Streams the user's whole list as CSV, newest first, reading it chunk by chunk: the next chunk is read only once
   * the previous one is written, so a slow client holds back the reads, not the heap.
   */
  Future<Void> export(long userId, HttpServerResponse response) {
    SuppressionQuery first = new SuppressionQuery(userId, null, EXPORT_CHUNK, null);
    return store.list(first).compose(page -> {
      response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/csv")
          .putHeader("Content-Disposition", "attachment; filename=\"suppressions.csv\"");
      return exportFrom(first, page, response, new StringBuilder(CSV_HEADER));
    });
  }

  private Future<Void> exportFrom(SuppressionQuery query, SuppressionPage page, HttpServerResponse response,
      StringBuilder chunk) {
    for (Suppression entry : page.data()) {
      chunk.append(csv(entry.address())).append(',').append(entry.reason()).append(',').append(entry.origin())
          .append(',').append(entry.emailId() == null ? "" : entry.emailId().toString()).append(',')
          .append(Timestamps.format(entry.createdAt())).append('\n');
    }
    Buffer bytes = Buffer.buffer(chunk.toString());
    if (!page.hasMore() || page.data().isEmpty()) {
      return response.end(bytes);
    }
    Suppression last = page.data().get(page.data().size() - 1);
    SuppressionQuery next = new SuppressionQuery(query.userId(), null, EXPORT_CHUNK,
        new Position(last.createdAt(), last.address()));
    return response.write(bytes).compose(written -> store.list(next))
        .compose(nextPage -> exportFrom(next, nextPage, response, new StringBuilder()));
  }

  /**
   * RFC 4180 quoting, so the file stays well-formed whatever it holds. A value that a spreadsheet would run as a
   * formula (a valid address may start with {@code =}, {@code +} or {@code -}) gets a leading {@code '} inside
   * quotes, as OWASP's advice on CSV injection says: opened in a spreadsheet it is text.
   */
  static String csv(String value) {
    boolean formula = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
    if (!formula && value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + (formula ? "'" : "") + value.replace("\"", "\"\"") + '"';
  }

  private static ApiErrorOr<SuppressionQuery> listQuery(long userId, Map<String, List<String>> p) {
    ApiErrorOr<Long> limit = LIMIT.fromHttp(p.get("limit"));
    if (limit.failed()) {
      return ApiErrorOr.failure(limit.error());
    }
    List<String> cursors = p.get("cursor");
    List<String> reasons = p.get("reason");
    String reason = null;
    if (reasons != null) {
      String control = ControlCharacters.check("reason", reasons);
      if (control != null) {
        return ApiErrorOr.validationFailure(control);
      }
      if (reasons.size() != 1 || !REASONS.contains(reasons.get(0))) {
        return ApiErrorOr.validationFailure(REASON_MESSAGE);
      }
      reason = reasons.get(0);
    }
    Position after = null;
    if (cursors != null) {
      String control = ControlCharacters.check("cursor", cursors);
      if (control != null) {
        return ApiErrorOr.validationFailure(control);
      }
      after = cursors.size() == 1 ? decodeCursor(cursors.get(0), reason) : null;
      if (after == null) {
        return ApiErrorOr.validationFailure(CURSOR_INVALID);
      }
    }
    for (String name : p.keySet()) {
      if (!LIST_PARAMS.contains(name)) {
        return ApiErrorOr.validationFailure("\"" + name + "\" is not allowed");
      }
    }
    return ApiErrorOr.of(new SuppressionQuery(userId, reason, limit.value().intValue(), after));
  }

  private static JsonObject page(SuppressionQuery query, SuppressionPage page) {
    JsonArray data = new JsonArray();
    page.data().forEach(entry -> data.add(toJson(entry)));
    String next = null;
    if (page.hasMore() && !page.data().isEmpty()) {
      Suppression last = page.data().get(page.data().size() - 1);
      next = encodeCursor(query.reason(), last);
    }
    return new JsonObject().put("has_more", page.hasMore()).put("next_cursor", next).put("data", data);
  }

  /** Opaque to clients: the filter it was made for and the last entry's position, base64url. */
  static String encodeCursor(String reason, Suppression last) {
    String text = String.join("|", CURSOR_VERSION, reason == null ? "" : reason,
        Long.toString(last.createdAt().toEpochMilli()), last.address());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for anything this server did not make for the same {@code reason} filter. */
  static Position decodeCursor(String cursor, String reason) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = text.split("\\|", -1);
      if (parts.length != 4 || !CURSOR_VERSION.equals(parts[0])
          || !parts[1].equals(reason == null ? "" : reason) || !parts[2].matches("[0-9]{1,15}")
          || !EmailAddresses.isValid(parts[3]) || !parts[3].equals(parts[3].toLowerCase(Locale.ROOT))) {
        return null;
      }
      return new Position(Instant.ofEpochMilli(Long.parseLong(parts[2])), parts[3]);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  static JsonObject toJson(Suppression entry) {
    return new JsonObject().put("address", entry.address()).put("reason", entry.reason())
        .put("origin", entry.origin()).put("email_id", entry.emailId() == null ? null : entry.emailId().toString())
        .put("created_at", Timestamps.format(entry.createdAt()));
  }

  /**
   * A query decodes {@code +} to a space, and a space is never part of an address: an unencoded {@code +} of a
   * tagged address ({@code jane+news@example.com}) is taken for what the client meant.
   */
  private static String plusKept(String value) {
    return value.replace(' ', '+');
  }

  /** An address as for a recipient (SPEC §4.2), lowercased; a path value is never missing. */
  private static ApiErrorOr<String> address(Object value, boolean required) {
    if (value == null && required) {
      return ApiErrorOr.validationFailure("\"address\" is required");
    }
    if (!(value instanceof String text)) {
      return ApiErrorOr.validationFailure("\"address\" must be a valid email");
    }
    if (ControlCharacters.present(text)) {
      return ApiErrorOr.validationFailure(ControlCharacters.message("address"));
    }
    return EmailAddresses.isValid(text) ? ApiErrorOr.of(text.toLowerCase(Locale.ROOT))
        : ApiErrorOr.validationFailure("\"address\" must be a valid email");
  }

  private static <T> Future<T> invalid(ApiErrorOr<?> failure) {
    return Future.failedFuture(new ApiErrorException(failure.error()));
  }
}
