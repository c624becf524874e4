package io.postbox.api;

import io.postbox.contract.ControlCharacters;
import io.postbox.contract.Schemas;
import io.postbox.contract.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query of GET /v1/transactional/email/stats (SPEC §18). Checked in the order from, to, group_by, the
 * relation of from and to, then unknown parameters; the first failure is reported. {@code from}/{@code to} are
 * ISO-8601 dates or date-times as in the list query (§5), on {@code created_at}, from inclusive, to exclusive;
 * {@code to} defaults to now and {@code from} to {@code to} − 30 days; both are kept to the millisecond, like
 * stored times. A repeated parameter is an error of that parameter. Stateless and thread-safe.
 *
 * <p>The normalised query: {@code {"from": timestamp, "to": timestamp, "group_by": [] | ["month"] | ["tag"] |
 * ["month", "tag"]}}, timestamps as {@link Timestamps#format}. A value with a control character fails first
 * among its parameter's rules (SPEC §24).
 */
final class StatsQueryValidator {
  static final Duration DEFAULT_SPAN = Duration.ofDays(30);
  static final Duration MAX_SPAN = Duration.ofDays(400);

  private static final SchemaRules RULES = SchemaRules.of(Schemas.STATS_QUERY);
  /** Each {@code group_by} value the schema allows, and the columns it names. */
  private static final Map<String, List<String>> GROUPINGS = RULES.enumValues("group_by").stream()
      .map(String.class::cast)
      .collect(Collectors.toMap(value -> value, value -> List.of(value.split(",")), (a, b) -> a, LinkedHashMap::new));
  static final String GROUP_BY_MESSAGE =
      "\"group_by\" must be one of [" + String.join(", ", GROUPINGS.keySet()) + "]";
  static final String ORDER_MESSAGE = "\"from\" must be before \"to\"";
  static final String SPAN_MESSAGE = "\"to\" must be at most " + MAX_SPAN.toDays() + " days after \"from\"";

  private static final Set<String> PARAMS = RULES.propertyNames();

  private StatsQueryValidator() {
  }

  /** Decoded query parameters (a repeated parameter has several values), judged at {@code now}. */
  static ApiErrorOr<JsonObject> fromHttp(Map<String, List<String>> params, Instant now) {
    Map<String, List<String>> p = params == null ? Map.of() : params;
    ApiErrorOr<Instant> from = bound(p, "from");
    if (from.failed()) {
      return ApiErrorOr.failure(from.error());
    }
    ApiErrorOr<Instant> to = bound(p, "to");
    if (to.failed()) {
      return ApiErrorOr.failure(to.error());
    }
    List<String> groupBy = List.of();
    List<String> groupValues = p.get("group_by");
    if (groupValues != null) {
      String control = ControlCharacters.check("group_by", groupValues);
      if (control != null) {
        return ApiErrorOr.validationFailure(control);
      }
      groupBy = groupValues.size() == 1 ? GROUPINGS.get(groupValues.get(0)) : null;
      if (groupBy == null) {
        return ApiErrorOr.validationFailure(GROUP_BY_MESSAGE);
      }
    }
    Instant end = p.containsKey("to") ? to.value() : now.truncatedTo(ChronoUnit.MILLIS);
    Instant start = p.containsKey("from") ? from.value() : end.minus(DEFAULT_SPAN);
    if (!start.isBefore(end)) {
      return ApiErrorOr.validationFailure(ORDER_MESSAGE);
    }
    if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
      return ApiErrorOr.validationFailure(SPAN_MESSAGE);
    }
    String unknown = p.keySet().stream().filter(name -> !PARAMS.contains(name)).findFirst().orElse(null);
    if (unknown != null) {
      return ApiErrorOr.validationFailure("\"" + unknown + "\" is not allowed");
    }
    return ApiErrorOr.of(new JsonObject()
        .put("from", Timestamps.format(start))
        .put("to", Timestamps.format(end))
        .put("group_by", new JsonArray(new ArrayList<Object>(groupBy))));
  }

  /** A given bound, truncated to the millisecond; absent gives the epoch as a placeholder (not used). */
  private static ApiErrorOr<Instant> bound(Map<String, List<String>> p, String name) {
    List<String> values = p.get(name);
    if (values == null) {
      return ApiErrorOr.of(Instant.EPOCH);
    }
    String control = ControlCharacters.check(name, values);
    if (control != null) {
      return ApiErrorOr.validationFailure(control);
    }
    Instant bound = values.size() == 1 ? IsoTimestamps.parse(values.get(0), true) : null;
    if (bound == null) {
      return ApiErrorOr.validationFailure("\"" + name + "\" must be in ISO 8601 date format");
    }
    return ApiErrorOr.of(bound.truncatedTo(ChronoUnit.MILLIS));
  }
}
